using System.Text.Json;

namespace Gateway.LoadTests.Reporting;

/// <summary>Writes a run's report.md and report.json, and the load-test section of the repository's BENCHMARKS.md.</summary>
internal static class ReportFiles
{
    private const string SectionStart = "<!-- load-tests:start (written by Gateway.LoadTests --all) -->";
    private const string SectionEnd = "<!-- load-tests:end -->";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(LoadTestReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), MarkdownReport.Render(report));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(report, Json));
    }

    /// <summary>Replaces what stands between the section markers of BENCHMARKS.md; the text around them is written by hand.</summary>
    public static async Task UpdateBenchmarksAsync(LoadTestReport report, string path)
    {
        var text = await File.ReadAllTextAsync(path);
        var start = text.IndexOf(SectionStart, StringComparison.Ordinal);
        var end = text.IndexOf(SectionEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{path} has no load-test section ({SectionStart} … {SectionEnd}) to write the results into.");
        }

        var section = SectionStart + Environment.NewLine + MarkdownReport.Render(report) + SectionEnd;
        await File.WriteAllTextAsync(path, text[..start] + section + text[(end + SectionEnd.Length)..]);
    }
}

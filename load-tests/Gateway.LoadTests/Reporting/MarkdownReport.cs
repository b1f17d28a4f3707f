using System.Globalization;
using System.Text;

namespace Gateway.LoadTests.Reporting;

/// <summary>A run as Markdown: how to reproduce it, the machine and its other load, then every table.</summary>
internal static class MarkdownReport
{
    public static string Render(LoadTestReport report)
    {
        var machine = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {report.Started:yyyy-MM-dd HH:mm} UTC, {report.Seconds:0} s in all{(report.Smoke ? " (smoke: figures not meaningful)" : string.Empty)}:");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(CultureInfo.InvariantCulture, $"dotnet run -c Release --project load-tests/Gateway.LoadTests -- {report.Command}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Machine:** {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGiB:0.#} GiB, {machine.OperatingSystem}; {machine.DotNet}, {machine.Nginx}, redis-server {machine.Redis}, {machine.Wrk}. Client, gateway, nginx and Redis share these cores.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Other load:** during the run this run's processes kept {Format.Cores(machine.OurCores)} cores busy on average, other processes {Format.Cores(machine.OtherCores)} (load average {machine.LoadAverageBefore} before, {machine.LoadAverageAfter} after).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- **Outcome checks:** {report.Results.OutcomeVerdict}.");
        foreach (var table in ReportTables.Build(report.Results))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"#### {table.Title}");
            text.AppendLine();
            text.AppendLine(Row(table.Columns));
            text.AppendLine(Row(table.Columns.Select((_, i) => i == 0 ? "---" : "---:")));
            foreach (var row in table.Rows)
            {
                text.AppendLine(Row(row));
            }

            if (table.Note is not null)
            {
                text.AppendLine();
                text.AppendLine(table.Note);
            }
        }

        return text.ToString();
    }

    private static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |";
}

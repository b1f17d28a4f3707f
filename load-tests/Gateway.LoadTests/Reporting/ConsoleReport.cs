using Spectre.Console;

namespace Gateway.LoadTests.Reporting;

/// <summary>A run's tables on the console, and where its reports were written.</summary>
internal static class ConsoleReport
{
    /// <summary>Wide enough that the tables do not wrap in a log, which has no width of its own.</summary>
    private const int RedirectedWidth = 180;

    public static void Write(LoadTestReport report, string resultsDirectory)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        foreach (var result in ReportTables.Build(report.Results))
        {
            var table = new Table().Title(Markup.Escape(result.Title)).Border(TableBorder.Rounded);
            foreach (var column in result.Columns)
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (var row in result.Rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            AnsiConsole.Write(table);
            if (result.Note is not null)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(result.Note)}[/]");
            }

            AnsiConsole.WriteLine();
        }

        var machine = report.Machine;
        AnsiConsole.MarkupLine($"Other load on the machine: {Format.Cores(machine.OtherCores)} cores on average (this run: {Format.Cores(machine.OurCores)}).");
        AnsiConsole.MarkupLine($"Reports: {Markup.Escape(resultsDirectory)}");
        AnsiConsole.MarkupLine($"[{(report.Results.OutcomesPassed ? "green" : "red")}]Outcome checks {Markup.Escape(report.Results.OutcomeVerdict)}.[/]");
    }
}

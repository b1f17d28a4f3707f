namespace Gateway.LoadTests.Reporting;

/// <summary>One table of a report, as text, rendered alike to the console and to Markdown.</summary>
internal sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);

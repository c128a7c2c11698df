using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Gastown.Cli.Output;

/// <summary>
/// How commands answer: tables and sentences for people, or with --json the data itself (the server's objects as
/// the API returns them) for scripts. Times are shown in UTC.
/// </summary>
internal sealed class Printer(Terminal terminal, bool json)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>One object per line (JSON Lines), for streams: `feed --follow --json`.</summary>
    public static readonly JsonSerializerOptions CompactJson = new(JsonOptions) { WriteIndented = false };

    public bool Json => json;

    public void Data<T>(T value) => terminal.Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>A sentence for people; with --json, <paramref name="data"/> instead.</summary>
    public void Done<T>(string sentence, T data)
    {
        if (json) Data(data);
        else Line(sentence);
    }

    public void Line(string text) => terminal.Output.WriteLine(text);

    /// <summary>A table of rows (plain text cells; nothing in them is read as markup).</summary>
    public void Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, string? empty = null) =>
        terminal.Output.Write(TableText(columns, rows, empty));

    /// <summary>
    /// The table as printed: no borders, two spaces between columns, each line without its trailing padding (what
    /// scripts and golden files read); <paramref name="empty"/> instead when there is no row.
    /// </summary>
    public string TableText(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, string? empty = null)
    {
        var list = rows.ToList();
        if (list.Count == 0 && empty is not null) return empty + "\n";
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < columns.Count; i++)
            table.AddColumn(new TableColumn(new Text(columns[i], new Style(decoration: Decoration.Bold))).Padding(0, 0, i == columns.Count - 1 ? 0 : 2, 0));
        foreach (var row in list) table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell ?? "-")).ToArray());
        var rendered = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(rendered),
            Ansi = terminal.Ansi.Profile.Capabilities.Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal.Ansi.Profile.Capabilities.ColorSystem == ColorSystem.NoColors ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        console.Profile.Width = terminal.Ansi.Profile.Width;
        console.Write(table);
        var text = new System.Text.StringBuilder();
        foreach (var line in rendered.ToString().Split('\n'))
            if (line.TrimEnd() is { Length: > 0 } trimmed) text.Append(trimmed).Append('\n');
        return text.ToString();
    }

    public void Render(Spectre.Console.Rendering.IRenderable renderable) => terminal.Ansi.Write(renderable);

    public static string Time(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Short(Guid id) => id.ToString("N")[..8];

    public static string Short(Guid? id) => id is { } value ? Short(value) : "-";
}

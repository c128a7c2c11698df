using System.Globalization;
using System.Text;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// One figure of the run: what was measured, its value, the baseline measured in the same run, their ratio, the goal
/// and whether it was met. Every scenario adds its figures here; the run ends by printing them as one table.
/// </summary>
public sealed record Figure(
    string Scenario,
    string Measure,
    string Value,
    string Baseline,
    string Ratio,
    string Goal,
    bool? Met,
    string Note = "");

public static class Report
{
    private static readonly List<Figure> Figures = [];
    private static readonly List<string> Notes = [];

    public static void Add(Figure figure)
    {
        lock (Figures) Figures.Add(figure);
        Console.WriteLine($"  » {figure.Measure}: {figure.Value} | baseline {figure.Baseline} | ratio {figure.Ratio} | goal {figure.Goal} → {Verdict(figure.Met)}");
    }

    /// <summary>A diagnostic line (query plans, file descriptor counts, …) printed under the table.</summary>
    public static void Note(string text)
    {
        lock (Notes)
        {
            if (Notes.Contains(text)) return;
            Notes.Add(text);
        }
        Console.WriteLine($"  · {text}");
    }

    public static string Verdict(bool? met) => met switch { true => "met", false => "MISSED", null => "info" };

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | measure | value | baseline (same run) | ratio | goal | verdict |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        lock (Figures)
            foreach (var f in Figures)
                text.AppendLine($"| {f.Scenario} | {f.Measure} | {f.Value} | {f.Baseline} | {f.Ratio} | {f.Goal} | {Verdict(f.Met)}{(f.Note.Length > 0 ? " — " + f.Note : "")} |");
        lock (Notes)
            if (Notes.Count > 0)
            {
                text.AppendLine();
                foreach (var note in Notes) text.AppendLine($"- {note}");
            }
        return text.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace Gastown.EndToEnd.Tests.Support;

/// <summary>A parsed scrape of <c>/metrics</c> (the Prometheus text exposition format, version 0.0.4).</summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples) => Samples = samples;

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>The sum of the samples of that name whose labels include all of <paramref name="labels"/> (0 if none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name && labels.All(l => sample.Labels.TryGetValue(l.Label, out var v) && v == l.Value))
            .Sum(sample => sample.Value);

    public bool Has(string name) => Samples.Any(sample => sample.Name == name);

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line));
        }
        return new PrometheusText(samples);
    }

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var name = line[..nameEnd];
        var position = nameEnd;
        if (line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals].Trim();
                position = equals + 2; // past ="
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] == 'n' ? '\n' : line[position]);
                    }
                    else value.Append(line[position]);
                    position++;
                }
                labels[label] = value.ToString();
                position++; // past the closing quote
                if (line[position] == ',') position++;
            }
            position++; // past }
        }
        var parts = line[position..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = parts[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var other => double.Parse(other, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}

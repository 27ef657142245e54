using System.Globalization;
using System.Text;
using System.Diagnostics.Metrics;

namespace TicketBoss.Runtime.Diagnostics;

/// <summary>Writes metric families in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Prometheus name of an instrument: dots become underscores, and the unit becomes a suffix.</summary>
    public static string Name(Instrument instrument) => Sanitize(instrument.Name) + instrument.Unit switch
    {
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ => "",
    };

    public static void Write(StringBuilder text, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            var name = family.Kind == MetricKind.Counter && !family.Name.EndsWith("_total", StringComparison.Ordinal) ? family.Name + "_total" : family.Name;
            text.Append("# HELP ").Append(name).Append(' ').Append(family.Help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(family.Kind.ToString().ToLowerInvariant()).Append('\n');
            foreach (var series in family.Series)
            {
                if (family.Kind == MetricKind.Histogram && series.Bounds is { } bounds && series.BucketCounts is { } counts)
                {
                    for (var i = 0; i < counts.Count; i++)
                    {
                        var le = i < bounds.Count ? Number(bounds[i]) : "+Inf";
                        Line(text, name + "_bucket", series.Labels, Number(counts[i]), ("le", le));
                    }
                    Line(text, name + "_sum", series.Labels, Number(series.Value));
                    Line(text, name + "_count", series.Labels, Number(series.Count));
                }
                else
                {
                    Line(text, name, series.Labels, Number(series.Value));
                }
            }
        }
    }

    private static void Line(StringBuilder text, string name, IReadOnlyDictionary<string, string> labels, string value, (string Key, string Value)? extra = null)
    {
        text.Append(name);
        var all = labels.Select(l => (l.Key, l.Value)).Concat(extra is { } e ? [e] : []).ToList();
        if (all.Count > 0)
        {
            text.Append('{').AppendJoin(',', all.Select(l => $"{Sanitize(l.Key)}=\"{Escape(l.Value)}\"")).Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

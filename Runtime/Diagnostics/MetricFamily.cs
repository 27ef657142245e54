namespace TicketBoss.Runtime.Diagnostics;

/// <summary>The kind of a metric family, as Prometheus names it.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric and all its series (one per set of labels), as read at one moment.</summary>
public sealed record MetricFamily(string Name, MetricKind Kind, string Help, IReadOnlyList<MetricSeries> Series);

/// <summary>
/// One series: its labels and value; a histogram also has cumulative counts per upper bound
/// (<see cref="Bounds"/>, ending with +Inf implied), a count and a sum.
/// </summary>
public sealed record MetricSeries(
    IReadOnlyDictionary<string, string> Labels,
    double Value,
    IReadOnlyList<double>? Bounds = null,
    IReadOnlyList<long>? BucketCounts = null,
    long Count = 0);

/// <summary>The metrics one silo reported.</summary>
public sealed record SiloMetrics(string SiloId, IReadOnlyList<MetricFamily> Families);

/// <summary>Joins the metrics of several silos into one set of families, each series labelled with its silo.</summary>
public static class MetricsMerge
{
    public static IReadOnlyList<MetricFamily> BySilo(IEnumerable<SiloMetrics> silos) =>
        silos
            .SelectMany(silo => silo.Families.Select(family => family with
            {
                Series = family.Series.Select(s => s with { Labels = new Dictionary<string, string>(s.Labels) { ["silo"] = silo.SiloId } }).ToList(),
            }))
            .GroupBy(family => family.Name, StringComparer.Ordinal)
            .Select(group => group.First() with { Series = group.SelectMany(f => f.Series).ToList() })
            .OrderBy(family => family.Name, StringComparer.Ordinal)
            .ToList();
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TicketBoss.Runtime.Diagnostics;

/// <summary>
/// Aggregates the measurements of the meters made by this host's <see cref="IMeterFactory"/> (ours and
/// ASP.NET Core's), so that <c>/metrics</c> can show them. Meters of other hosts in the same process (test
/// clusters) are left out. Counters sum, histograms count into fixed buckets, observable instruments are read
/// when a snapshot is taken.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly double[] SecondBounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] MillisecondBounds = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly double[] SizeBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _observeLock = new();

    public MetricsCollector(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && IsOurs(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    /// <summary>Every enabled instrument's series, read now.</summary>
    public IReadOnlyList<MetricFamily> Snapshot()
    {
        lock (_observeLock)
        {
            // Observable instruments report their current value: drop the previous reading first.
            foreach (var (instrument, series) in _instruments)
            {
                if (instrument.IsObservable)
                {
                    series.Clear();
                }
            }
            _listener.RecordObservableInstruments();
        }
        return _instruments
            .Select(pair => new MetricFamily(
                PrometheusText.Name(pair.Key), KindOf(pair.Key), pair.Key.Description ?? pair.Key.Name,
                pair.Value.Read()))
            .Where(family => family.Series.Count > 0)
            .OrderBy(family => family.Name, StringComparer.Ordinal)
            .ToList();
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsOurs(string meter) =>
        meter.StartsWith("TicketBoss.", StringComparison.Ordinal) || meter is "Microsoft.AspNetCore.Hosting" or "Microsoft.AspNetCore.RateLimiting";

    private static MetricKind KindOf(Instrument instrument) => instrument switch
    {
        Histogram<int> or Histogram<long> or Histogram<double> => MetricKind.Histogram,
        Counter<int> or Counter<long> or Counter<double> or ObservableCounter<int> or ObservableCounter<long> or ObservableCounter<double> => MetricKind.Counter,
        _ => MetricKind.Gauge,
    };

    // Called on every measurement (every HTTP request among them), so it finds the series without allocating.
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _instruments.GetOrAdd(instrument, static (i, bounds) => new InstrumentSeries(i, bounds), BoundsOf(instrument)).Add(value, tags);

    private static double[]? BoundsOf(Instrument instrument) =>
        KindOf(instrument) != MetricKind.Histogram ? null
        : instrument.Unit == "s" ? SecondBounds
        : instrument.Unit == "ms" ? MillisecondBounds
        : SizeBounds;
}

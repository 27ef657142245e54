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
    private readonly ConcurrentDictionary<(Instrument, string), Aggregate> _aggregates = new();
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
            foreach (var key in _aggregates.Keys.Where(k => k.Item1.IsObservable))
            {
                _aggregates.TryRemove(key, out _);
            }
            _listener.RecordObservableInstruments();
        }
        return _aggregates
            .GroupBy(pair => pair.Key.Item1)
            .Select(group => new MetricFamily(
                PrometheusText.Name(group.Key), KindOf(group.Key), group.Key.Description ?? group.Key.Name,
                group.OrderBy(pair => pair.Key.Item2, StringComparer.Ordinal).Select(pair => pair.Value.Read()).ToList()))
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

    // Called on every measurement (every HTTP request among them): the series key is one string of the tag
    // values in the order given, which each instrument keeps stable; labels are only built for a new series.
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey(tags);
        if (!_aggregates.TryGetValue((instrument, key), out var aggregate))
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                labels[tag.Key] = Text(tag.Value);
            }
            aggregate = _aggregates.GetOrAdd((instrument, key), new Aggregate(instrument, labels, BoundsOf(instrument)));
        }
        aggregate.Add(value);
    }

    private static string SeriesKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }
        var key = new System.Text.StringBuilder();
        foreach (var tag in tags)
        {
            key.Append(tag.Key).Append('=').Append(Text(tag.Value)).Append('\u001f');
        }
        return key.ToString();
    }

    private static string Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static double[]? BoundsOf(Instrument instrument) =>
        KindOf(instrument) != MetricKind.Histogram ? null
        : instrument.Unit == "s" ? SecondBounds
        : instrument.Unit == "ms" ? MillisecondBounds
        : SizeBounds;

    /// <summary>The running total (counters, up-down counters), last value (gauges) or buckets (histograms) of one series.</summary>
    private sealed class Aggregate(Instrument instrument, IReadOnlyDictionary<string, string> labels, double[]? bounds)
    {
        private readonly Lock _lock = new();
        private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
        private double _value;
        private long _count;

        public void Add(double value)
        {
            lock (_lock)
            {
                _count++;
                // An observable instrument reports its current value; the others report increments.
                _value = instrument.IsObservable ? value : _value + value;
                if (_buckets is not null)
                {
                    var i = Array.BinarySearch(bounds!, value);
                    _buckets[i >= 0 ? i : ~i]++;
                }
            }
        }

        public MetricSeries Read()
        {
            lock (_lock)
            {
                if (_buckets is null)
                {
                    return new MetricSeries(labels, _value);
                }
                var cumulative = new long[_buckets.Length];
                long running = 0;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    cumulative[i] = running += _buckets[i];
                }
                return new MetricSeries(labels, _value, bounds, cumulative, _count);
            }
        }
    }
}

using System.Diagnostics.Metrics;

namespace TicketBoss.Runtime.Diagnostics;

/// <summary>
/// The series of one instrument, one per set of tag values, each a running total (counters), last value
/// (gauges) or bucket counts (histograms). Finding the series of a measurement allocates nothing: it compares the
/// tags as given, in the order given, which each instrument keeps stable.
/// </summary>
internal sealed class InstrumentSeries(Instrument instrument, double[]? bounds)
{
    private readonly Lock _addLock = new();
    private Series[] _series = [];

    public void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Readers take the array as published; a new series publishes a new array, under the lock.
        var series = Find(Volatile.Read(ref _series), tags);
        if (series is null)
        {
            lock (_addLock)
            {
                series = Find(_series, tags);
                if (series is null)
                {
                    series = new Series(instrument, tags, bounds);
                    Volatile.Write(ref _series, [.. _series, series]);
                }
            }
        }
        series.Add(value);
    }

    /// <summary>Forgets every series (an observable instrument's previous reading).</summary>
    public void Clear()
    {
        lock (_addLock)
        {
            Volatile.Write(ref _series, []);
        }
    }

    public IReadOnlyList<MetricSeries> Read() =>
        [.. Volatile.Read(ref _series).OrderBy(s => s.SortKey, StringComparer.Ordinal).Select(s => s.Read())];

    private static Series? Find(Series[] all, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in all)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }
        return null;
    }

    private sealed class Series
    {
        private readonly Lock _lock = new();
        private readonly Instrument _instrument;
        private readonly KeyValuePair<string, object?>[] _tags;
        private readonly SortedDictionary<string, string> _labels = new(StringComparer.Ordinal);
        private readonly double[]? _bounds;
        private readonly long[]? _buckets;
        private double _value;
        private long _count;

        public Series(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags, double[]? bounds)
        {
            _instrument = instrument;
            _tags = tags.ToArray();
            foreach (var tag in _tags)
            {
                _labels[tag.Key] = Text(tag.Value);
            }
            SortKey = string.Join('\u001f', _tags.Select(tag => $"{tag.Key}={Text(tag.Value)}"));
            _bounds = bounds;
            _buckets = bounds is null ? null : new long[bounds.Length + 1];
        }

        public string SortKey { get; }

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != _tags.Length)
            {
                return false;
            }
            for (var i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, _tags[i].Value))
                {
                    return false;
                }
            }
            return true;
        }

        public void Add(double value)
        {
            lock (_lock)
            {
                _count++;
                // An observable instrument reports its current value; the others report increments.
                _value = _instrument.IsObservable ? value : _value + value;
                if (_buckets is not null)
                {
                    var i = Array.BinarySearch(_bounds!, value);
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
                    return new MetricSeries(_labels, _value);
                }
                var cumulative = new long[_buckets.Length];
                long running = 0;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    cumulative[i] = running += _buckets[i];
                }
                return new MetricSeries(_labels, _value, _bounds, cumulative, _count);
            }
        }

        private static string Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}

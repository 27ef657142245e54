using System.Diagnostics.Metrics;

namespace TicketBoss.Runtime.Persistence;

/// <summary>Counters of the runtime: activations, commits, batch sizes and commit latency.</summary>
public sealed class RuntimeMetrics : IDisposable
{
    private readonly Meter _meter = new("TicketBoss.Runtime");
    private readonly Histogram<int> _batchWrites;
    private readonly Histogram<double> _commitMs;
    private long _activations;
    private long _commits;
    private long _failedCommits;
    private long _writes;

    public RuntimeMetrics()
    {
        _batchWrites = _meter.CreateHistogram<int>("ticketboss.commit.batch_writes", description: "Writes committed together in one commit");
        _commitMs = _meter.CreateHistogram<double>("ticketboss.commit.duration", unit: "ms", description: "Commit round-trip time");
        _meter.CreateObservableGauge("ticketboss.activations", () => Interlocked.Read(ref _activations), description: "Live grain activations");
        _meter.CreateObservableCounter("ticketboss.commits", () => Interlocked.Read(ref _commits), description: "Successful commits");
    }

    public long Activations => Interlocked.Read(ref _activations);

    public long Commits => Interlocked.Read(ref _commits);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>Writes made durable; <c>Writes / Commits</c> is the mean group-commit batch size.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    internal void Activated() => Interlocked.Increment(ref _activations);

    internal void Deactivated() => Interlocked.Decrement(ref _activations);

    internal void Committed(int writes, TimeSpan elapsed, bool succeeded)
    {
        if (!succeeded)
        {
            Interlocked.Increment(ref _failedCommits);
            return;
        }
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        _batchWrites.Record(writes);
        _commitMs.Record(elapsed.TotalMilliseconds);
    }

    public void Dispose() => _meter.Dispose();
}

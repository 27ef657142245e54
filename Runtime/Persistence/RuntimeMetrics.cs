using System.Diagnostics.Metrics;

namespace TicketBoss.Runtime.Persistence;

/// <summary>
/// The runtime's meter <c>TicketBoss.Runtime</c>: activations, commits, group-commit batch sizes and commit
/// latency. The totals are also kept as plain numbers for <c>/metrics</c> JSON and the tests.
/// </summary>
public sealed class RuntimeMetrics
{
    public const string MeterName = "TicketBoss.Runtime";

    private readonly Histogram<int> _batchWrites;
    private readonly Histogram<double> _commitMs;
    private readonly Histogram<int> _transactionCommits;
    private readonly Counter<long> _activated;
    private long _activations;
    private long _commits;
    private long _failedCommits;
    private long _writes;
    private long _transactions;
    private long _checks;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batchWrites = meter.CreateHistogram<int>("ticketboss.commit.batch_writes", description: "Grain writes made durable together by one group commit");
        _commitMs = meter.CreateHistogram<double>("ticketboss.commit.duration", unit: "ms", description: "Time from an activation handing over its group commit to it being durable, waiting for a shared transaction included");
        _transactionCommits = meter.CreateHistogram<int>("ticketboss.commit.transaction_commits", description: "Activations' commits made durable together by one PostgreSQL transaction");
        meter.CreateObservableCounter("ticketboss.commit.transactions", () => Interlocked.Read(ref _transactions), description: "PostgreSQL transactions that committed grain state");
        _activated = meter.CreateCounter<long>("ticketboss.activations.created", description: "Grain activations created");
        meter.CreateObservableGauge("ticketboss.activations", () => Interlocked.Read(ref _activations), description: "Live grain activations");
        meter.CreateObservableCounter("ticketboss.commits", () => Interlocked.Read(ref _commits), description: "Successful group commits");
        meter.CreateObservableCounter("ticketboss.commits.failed", () => Interlocked.Read(ref _failedCommits), description: "Group commits that failed and were rolled back");
        meter.CreateObservableCounter("ticketboss.commits.checks", () => Interlocked.Read(ref _checks), description: "Commits of turns that only read: version checks that no other activation committed meanwhile");
    }

    public long Activations => Interlocked.Read(ref _activations);

    public long Commits => Interlocked.Read(ref _commits);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>
    /// PostgreSQL transactions that committed grain state or checked its version; <c>(Commits + Checks) / Transactions</c>
    /// is the mean number of activations per transaction.
    /// </summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Successful version checks (commits that wrote nothing); not counted in <see cref="Commits"/>.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>Writes made durable; <c>Writes / Commits</c> is the mean group-commit batch size.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    internal void Activated()
    {
        Interlocked.Increment(ref _activations);
        _activated.Add(1);
    }

    internal void Deactivated() => Interlocked.Decrement(ref _activations);

    internal void Transaction(int commits)
    {
        Interlocked.Increment(ref _transactions);
        _transactionCommits.Record(commits);
    }

    internal void Committed(int writes, TimeSpan elapsed, bool succeeded)
    {
        if (!succeeded)
        {
            Interlocked.Increment(ref _failedCommits);
            return;
        }
        if (writes == 0)
        {
            Interlocked.Increment(ref _checks);
            return;
        }
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        _batchWrites.Record(writes);
        _commitMs.Record(elapsed.TotalMilliseconds);
    }
}

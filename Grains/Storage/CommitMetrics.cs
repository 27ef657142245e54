using System.Diagnostics.Metrics;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// The meter <c>TicketBoss.Storage</c>: commits of event state, version checks, failures, and how many activations'
/// commits share a PostgreSQL transaction. The totals are also plain numbers for <c>/metrics</c> JSON and the tests.
/// </summary>
public sealed class CommitMetrics
{
    public const string MeterName = "TicketBoss.Storage";

    private readonly Histogram<double> _commitMs;
    private readonly Histogram<int> _transactionCommits;
    private long _commits;
    private long _checks;
    private long _failedCommits;
    private long _transactions;

    public CommitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _commitMs = meter.CreateHistogram<double>("commit.duration", unit: "ms",
            description: "Time from an activation handing over its commit to it being durable, the wait for a shared transaction included");
        _transactionCommits = meter.CreateHistogram<int>("commit.transaction_commits",
            description: "Activations' commits made durable together by one PostgreSQL transaction");
        meter.CreateObservableCounter("commit.transactions", () => Transactions, description: "PostgreSQL transactions that committed event state");
        meter.CreateObservableCounter("commits", () => Commits, description: "Successful commits of event state");
        meter.CreateObservableCounter("commits.checks", () => Checks,
            description: "Commits of calls that changed nothing: version checks that no other activation committed meanwhile");
        meter.CreateObservableCounter("commits.failed", () => FailedCommits, description: "Commits that failed and were rolled back");
    }

    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Successful version checks (commits that wrote nothing); not counted in <see cref="Commits"/>.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>PostgreSQL transactions; <c>(Commits + Checks) / Transactions</c> is the mean number of activations per transaction.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    internal void Transaction(int commits)
    {
        Interlocked.Increment(ref _transactions);
        _transactionCommits.Record(commits);
    }

    internal void Committed(bool wroteRows, TimeSpan elapsed)
    {
        Interlocked.Increment(ref wroteRows ? ref _commits : ref _checks);
        _commitMs.Record(elapsed.TotalMilliseconds);
    }

    internal void Failed() => Interlocked.Increment(ref _failedCommits);
}

using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>Guarantee 1: an activation runs one request at a time, in arrival order.</summary>
public sealed class TurnBasedTests
{
    // A database of their own: these tests assume the probe lives on the one silo they start, and silos of tests
    // running in parallel on the shared database would join its cluster and could own the probe instead.
    private static readonly Lazy<string> Database = new(() => TestDatabase.CreateIsolated("turns"));

    [Fact]
    public async Task ParallelCallsRunOneAtATimeInArrivalOrder()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value);
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("turns");

        var calls = Enumerable.Range(0, 40).Select(i => probe.EnterAsync(i, delayMs: 5)).ToArray();
        await Task.WhenAll(calls);

        var (maxInside, order) = await probe.ReportAsync();
        Assert.Equal(1, maxInside);
        Assert.Equal(Enumerable.Range(0, 40), order);
    }

    [Fact]
    public async Task CallsFromManyThreadsNeverOverlap()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value);
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("threads");

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await probe.EnterAsync(i, delayMs: 1));

        var (maxInside, order) = await probe.ReportAsync();
        Assert.Equal(1, maxInside);
        Assert.Equal(200, order.Distinct().Count());
    }

    [Fact]
    public async Task ACallStillQueuedAtItsDeadlineNeverRunsAndARunningOneIsReportedAsInDoubt()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value, o => o.CallTimeout = TimeSpan.FromMilliseconds(400));
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("deadline");

        var running = probe.EnterAsync(1, delayMs: 1_500);
        await Task.Delay(100);
        var queued = probe.EnterAsync(2, delayMs: 0);

        // The first had started: its change may still land, so it is not "retry freely".
        await Assert.ThrowsAsync<CallOutcomeUnknownException>(() => running);
        // The second never started: it is dropped, and says so.
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
        await Task.Delay(1_600);
        var (maxInside, order) = await probe.ReportAsync();
        Assert.Equal(1, maxInside);
        Assert.Equal([1], order);
    }
}

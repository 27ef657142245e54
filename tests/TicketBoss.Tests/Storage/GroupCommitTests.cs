using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Guarantees 3 and 4 on one event: a caller is answered only once its change is durable, and the calls applied while
/// a commit is in flight are committed together by the next one (Orleans coalesces the queued writes).
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task AHoldIsNotAnsweredBeforeItsCommitIsDurable()
    {
        await using var stored = await StoredEvent.StartAsync("durable", 10);
        await using var rowLock = await RowLock.TakeAsync(stored.Database, stored.Id);

        var hold = stored.Grain.HoldAsync(new HoldRequest(Quantity: 2));
        await Task.Delay(700);
        Assert.False(hold.IsCompleted, "the hold was answered while its commit was still blocked");
        Assert.Equal(0L, await stored.HoldRowsAsync());

        await rowLock.ReleaseAsync();
        Assert.True((await hold).IsSuccess);
        Assert.Equal(1L, await stored.HoldRowsAsync());
    }

    [Fact]
    public async Task AReadIsNotAnsweredWithAChangeThatIsNotYetDurable()
    {
        await using var stored = await StoredEvent.StartAsync("dirtyread", 10);
        await using var rowLock = await RowLock.TakeAsync(stored.Database, stored.Id);

        var hold = stored.Grain.HoldAsync(new HoldRequest(Quantity: 2));
        var read = stored.Grain.GetSnapshotAsync();
        await Task.Delay(500);
        Assert.False(read.IsCompleted, "a read was answered with a hold that was not yet durable");

        await rowLock.ReleaseAsync();
        Assert.True((await hold).IsSuccess);
        Assert.Equal(8, (await read).Value!.Available);
    }

    [Fact]
    public async Task CallsAppliedWhileACommitIsInFlightAreCommittedTogetherByTheNextOne()
    {
        await using var stored = await StoredEvent.StartAsync("coalesce", 1000);
        var commitsBefore = stored.Silo.Metrics.Commits;
        await using var rowLock = await RowLock.TakeAsync(stored.Database, stored.Id);

        // The first hold's commit blocks on the row lock; the other 200 are applied meanwhile and wait for the next write.
        var first = stored.Grain.HoldAsync(new HoldRequest(Quantity: 1));
        await Poll.UntilAsync(async () => await CommitsWaitingOnLocksAsync(stored.Database) == 1, TimeSpan.FromSeconds(15), "the first commit waits on the row lock");
        Task<Outcome<HoldInfo>>[] holds = [first, .. Enumerable.Range(0, 200).Select(_ => stored.Grain.HoldAsync(new HoldRequest(Quantity: 1)))];
        await Task.Delay(1_000);
        Assert.DoesNotContain(holds, h => h.IsCompleted);
        await rowLock.ReleaseAsync();
        var outcomes = await Task.WhenAll(holds);

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
        // Two when every call arrived within the second the lock was held; a slow machine may need one or two more.
        Assert.InRange(stored.Silo.Metrics.Commits - commitsBefore, 2, 4);
        Assert.Equal(201L, await stored.HoldRowsAsync());
        Assert.Equal(201L, await stored.VersionAsync());
    }

    [Fact]
    public async Task FiveHundredCallersHoldingInParallelAreEachDurableWhenAnsweredAndNeedFarFewerCommitsThanCalls()
    {
        const int Callers = 500, HoldsEach = 4;
        await using var stored = await StoredEvent.StartAsync("fivehundred", 2 * Callers * HoldsEach);
        var commitsBefore = stored.Silo.Metrics.Commits;
        using var checks = new SemaphoreSlim(8);

        // Each caller holds again as soon as it is answered, so that calls keep arriving while commits are in flight.
        using var start = new SemaphoreSlim(0);
        var callers = Enumerable.Range(0, Callers).Select(async _ =>
        {
            await start.WaitAsync();
            for (var i = 0; i < HoldsEach; i++)
            {
                var outcome = await stored.Grain.HoldAsync(new HoldRequest(Quantity: 1));
                Assert.True(outcome.IsSuccess, outcome.Error?.Message);
                // Answered: its row must be committed already (read on a connection of the test's own).
                await checks.WaitAsync();
                try
                {
                    Assert.Equal(1L, await Db.ScalarAsync<long>(stored.Database, "SELECT count(*) FROM holds WHERE hold_id = $1", outcome.Value!.HoldId));
                }
                finally
                {
                    checks.Release();
                }
            }
        }).ToArray();
        start.Release(Callers);
        await Task.WhenAll(callers);

        const int Holds = Callers * HoldsEach;
        var commits = stored.Silo.Metrics.Commits - commitsBefore;
        Assert.True(commits <= Holds / 10, $"{Holds} holds took {commits} commits: the calls were not committed together");
        Assert.Equal(Holds, await stored.VersionAsync());
        Assert.Equal((Holds, Holds, 0, 2 * Holds), await stored.CountsAsync());
        Assert.Equal(Holds, await stored.SeatsInActiveHoldRowsAsync());
    }

    /// <summary>Statements of the database that wait on a lock (the grain's commits behind a test's row lock).</summary>
    internal static Task<long> CommitsWaitingOnLocksAsync(string database) => Db.ScalarAsync<long>(database, """
        SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
        """);
}

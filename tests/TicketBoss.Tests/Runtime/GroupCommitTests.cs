using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>Guarantees 3 and 4: durable before acknowledged, and group commit with all-or-nothing failure.</summary>
public sealed class GroupCommitTests
{
    private static async Task<(TestSilo Silo, IEventGrain Grain, string Id, string Db)> NewEventAsync(int capacity)
    {
        var db = TestDatabase.CreateIsolated("commit");
        var silo = await TestSilo.StartAsync(db);
        var id = "evt_" + Guid.NewGuid().ToString("N")[..10];
        var grain = silo.Grains.GetGrain<IEventGrain>(id);
        Assert.True((await grain.CreateAsync(new EventDefinition("Commit test", capacity))).IsSuccess);
        return (silo, grain, id, db);
    }

    [Fact]
    public async Task AHoldIsNotAcknowledgedBeforeItsCommitIsDurable()
    {
        var (silo, grain, id, db) = await NewEventAsync(10);
        await using var _ = silo;
        await using var rowLock = await RowLock.TakeAsync(db, id);

        var hold = grain.HoldAsync(new HoldRequest(Quantity: 2));
        await Task.Delay(700);
        Assert.False(hold.IsCompleted, "the hold was answered while its commit was still blocked");
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));

        await rowLock.ReleaseAsync();
        var outcome = await hold;
        Assert.True(outcome.IsSuccess);
        Assert.Equal(1L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));
    }

    [Fact]
    public async Task ReadsAreNotAnsweredWithUncommittedChanges()
    {
        var (silo, grain, id, db) = await NewEventAsync(10);
        await using var _ = silo;
        await using var rowLock = await RowLock.TakeAsync(db, id);

        var hold = grain.HoldAsync(new HoldRequest(Quantity: 2));
        var read = grain.GetSnapshotAsync();
        await Task.Delay(500);
        Assert.False(read.IsCompleted, "a read saw a change that was not yet durable");

        await rowLock.ReleaseAsync();
        await hold;
        Assert.Equal(8, (await read).Value!.Available);
    }

    [Fact]
    public async Task CallsQueuedDuringACommitAreCommittedTogether()
    {
        var (silo, grain, id, db) = await NewEventAsync(1000);
        await using var _ = silo;
        var commitsBefore = silo.Metrics.Commits;
        await using var rowLock = await RowLock.TakeAsync(db, id);

        // The first hold's commit blocks on the lock; the other 200 are applied meanwhile and wait for the next commit.
        var holds = Enumerable.Range(0, 201).Select(_ => grain.HoldAsync(new HoldRequest(Quantity: 1))).ToArray();
        await Task.Delay(300);
        await rowLock.ReleaseAsync();
        var outcomes = await Task.WhenAll(holds);

        Assert.All(outcomes, o => Assert.True(o.IsSuccess));
        Assert.InRange(silo.Metrics.Commits - commitsBefore, 1, 3);
        Assert.Equal(201L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));
        Assert.Equal(201L, await Db.ScalarAsync<long>(db, "SELECT version FROM events WHERE event_id = $1", id));
    }

    [Fact]
    public async Task AFailedCommitFailsEveryChangeInItAndTheEventReloads()
    {
        var (silo, _, id, db) = await NewEventAsync(10);
        await using var _ = silo;
        // One attempt per call: the cluster sender would retry the rejected holds on a fresh activation.
        var grain = silo.LocalGrains.GetGrain<IEventGrain>(id);
        await using var rowLock = await RowLock.TakeAsync(db, id);

        var first = grain.HoldAsync(new HoldRequest(Quantity: 1));
        await Task.Delay(200);
        var queued = Enumerable.Range(0, 5).Select(_ => grain.HoldAsync(new HoldRequest(Quantity: 1))).ToArray();
        // Another writer moves the row on while the grain's commit waits: the fence must reject it.
        await rowLock.ExecuteAsync("UPDATE events SET version = version + 100 WHERE event_id = $1", id);
        await rowLock.ReleaseAsync();

        await Assert.ThrowsAnyAsync<GrainUnavailableException>(() => first);
        foreach (var call in queued)
        {
            await Assert.ThrowsAnyAsync<GrainUnavailableException>(() => call);
        }
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));

        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(100, snapshot.Value!.Version);
        Assert.Equal(10, snapshot.Value.Available);
        Assert.True((await grain.HoldAsync(new HoldRequest(Quantity: 1))).IsSuccess);
    }

    [Fact]
    public async Task CallsRejectedByAFenceAreRetriedOnAFreshActivationAndSucceed()
    {
        var (silo, grain, id, db) = await NewEventAsync(10);
        await using var _ = silo;
        await using var rowLock = await RowLock.TakeAsync(db, id);

        var holds = Enumerable.Range(0, 4).Select(_ => grain.HoldAsync(new HoldRequest(Quantity: 1))).ToArray();
        await Task.Delay(200);
        await rowLock.ExecuteAsync("UPDATE events SET version = version + 100 WHERE event_id = $1", id);
        await rowLock.ReleaseAsync();

        Assert.All(await Task.WhenAll(holds), o => Assert.True(o.IsSuccess));
        Assert.Equal(4L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));
        Assert.Equal(104L, await Db.ScalarAsync<long>(db, "SELECT version FROM events WHERE event_id = $1", id));
    }
}

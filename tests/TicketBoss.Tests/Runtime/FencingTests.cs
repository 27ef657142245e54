using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>Guarantee 2: two activations of one event can never both commit.</summary>
public sealed class FencingTests
{
    [Fact]
    public async Task AStaleSecondActivationCannotCommit()
    {
        var db = TestDatabase.CreateIsolated("fence");
        await using var siloA = await TestSilo.StartAsync(db);
        await using var siloB = await TestSilo.StartAsync(db);
        var id = "evt_fence";
        // Local factories ignore placement and do not retry: each silo keeps its own activation.
        var onA = siloA.LocalGrains.GetGrain<IEventGrain>(id);
        var onB = siloB.LocalGrains.GetGrain<IEventGrain>(id);
        Assert.True((await onA.CreateAsync(new EventDefinition("Fence", 5))).IsSuccess);
        // Both silos now hold an activation loaded at version 0.
        Assert.Equal(0, (await onB.GetSnapshotAsync()).Value!.Version);

        Assert.True((await onA.HoldAsync(new HoldRequest(Quantity: 3))).IsSuccess);
        await Assert.ThrowsAsync<StateConflictException>(() => onB.HoldAsync(new HoldRequest(Quantity: 3)));

        Assert.Equal(1L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", id));
        // B dropped its stale activation; the next call reloads and sees A's hold, so it cannot oversell.
        var retry = await onB.HoldAsync(new HoldRequest(Quantity: 3));
        Assert.Equal(ErrorCodes.NotEnoughSeats, retry.Error?.Code);
    }

    [Fact]
    public async Task CreatingTheSameEventInTwoSilosCommitsOnce()
    {
        var db = TestDatabase.CreateIsolated("create");
        await using var siloA = await TestSilo.StartAsync(db);
        await using var siloB = await TestSilo.StartAsync(db);
        var onA = siloA.LocalGrains.GetGrain<IEventGrain>("evt_twice");
        var onB = siloB.LocalGrains.GetGrain<IEventGrain>("evt_twice");
        await onA.GetSnapshotAsync();
        await onB.GetSnapshotAsync();

        Assert.True((await onA.CreateAsync(new EventDefinition("First", 5))).IsSuccess);
        await Assert.ThrowsAsync<StateConflictException>(() => onB.CreateAsync(new EventDefinition("Second", 7)));

        Assert.Equal("First", (await onB.GetSnapshotAsync()).Value!.Name);
    }
}

using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>
/// Guarantee 2: two activations of one event can never both commit, and one that another has superseded answers
/// nothing from its old state, not even a read.
/// </summary>
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

    [Fact]
    public async Task ASupersededActivationAnswersNoReadFromItsOldState()
    {
        var db = TestDatabase.CreateIsolated("staleread");
        await using var siloA = await TestSilo.StartAsync(db);
        await using var siloB = await TestSilo.StartAsync(db);
        var onA = siloA.LocalGrains.GetGrain<IEventGrain>("evt_stale_read");
        var onB = siloB.LocalGrains.GetGrain<IEventGrain>("evt_stale_read");
        Assert.True((await onA.CreateAsync(new EventDefinition("Stale read", 5))).IsSuccess);
        Assert.Equal(0, (await onB.GetSnapshotAsync()).Value!.Version);

        Assert.True((await onA.HoldAsync(new HoldRequest(Quantity: 2))).IsSuccess);

        // B still holds version 0 in memory: it must not answer it as the event's state.
        await Assert.ThrowsAsync<StateConflictException>(() => onB.GetSnapshotAsync());
        var reloaded = (await onB.GetSnapshotAsync()).Value!;
        Assert.Equal(1, reloaded.Version);
        Assert.Equal(2, reloaded.Held);
    }

    [Fact]
    public async Task ASupersededActivationCannotSayAnAcknowledgedBookingIsGone()
    {
        var db = TestDatabase.CreateIsolated("stalecancel");
        await using var siloA = await TestSilo.StartAsync(db);
        await using var siloB = await TestSilo.StartAsync(db);
        var onA = siloA.LocalGrains.GetGrain<IEventGrain>("evt_stale_cancel");
        var onB = siloB.LocalGrains.GetGrain<IEventGrain>("evt_stale_cancel");
        Assert.True((await onA.CreateAsync(new EventDefinition("Stale cancel", 5))).IsSuccess);
        await onB.GetSnapshotAsync();
        var booking = (await onA.BookSeatsAsync(["3"])).Value!;

        // B's old state has no such booking; a 404 from it would deny a booking that was acknowledged.
        await Assert.ThrowsAsync<StateConflictException>(() => onB.CancelBookingAsync(booking.BookingId));
        var cancelled = await onB.CancelBookingAsync(booking.BookingId);
        Assert.True(cancelled.IsSuccess);
    }

    [Fact]
    public async Task AnActivationThatFoundNoEventCannotKeepSayingSoOnceAnotherCreatedIt()
    {
        var db = TestDatabase.CreateIsolated("stalemissing");
        await using var siloA = await TestSilo.StartAsync(db);
        await using var siloB = await TestSilo.StartAsync(db);
        var onA = siloA.LocalGrains.GetGrain<IEventGrain>("evt_stale_missing");
        var onB = siloB.LocalGrains.GetGrain<IEventGrain>("evt_stale_missing");
        Assert.Equal(ErrorCodes.EventNotFound, (await onB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await onA.CreateAsync(new EventDefinition("Created elsewhere", 5))).IsSuccess);

        await Assert.ThrowsAsync<StateConflictException>(() => onB.GetSnapshotAsync());
        Assert.Equal("Created elsewhere", (await onB.GetSnapshotAsync()).Value!.Name);
    }
}

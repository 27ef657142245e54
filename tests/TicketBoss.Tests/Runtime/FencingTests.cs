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
        var id = "evt_fence";
        await using var silos = await TwoSilos.StartAsync("fence", id);
        var (onA, onB) = (silos.OnA, silos.OnB);
        Assert.True((await onA.CreateAsync(new EventDefinition("Fence", 5))).IsSuccess);
        // Both silos now hold an activation loaded at version 0.
        Assert.Equal(0, (await onB.GetSnapshotAsync()).Value!.Version);

        Assert.True((await onA.HoldAsync(new HoldRequest(Quantity: 3))).IsSuccess);
        await Assert.ThrowsAsync<StateConflictException>(() => onB.HoldAsync(new HoldRequest(Quantity: 3)));

        Assert.Equal(1L, await Db.ScalarAsync<long>(silos.Database, "SELECT count(*) FROM holds WHERE event_id = $1", id));
        // B dropped its stale activation; the next call reloads and sees A's hold, so it cannot oversell.
        var retry = await onB.HoldAsync(new HoldRequest(Quantity: 3));
        Assert.Equal(ErrorCodes.NotEnoughSeats, retry.Error?.Code);
    }

    [Fact]
    public async Task CreatingTheSameEventInTwoSilosCommitsOnce()
    {
        await using var silos = await TwoSilos.StartAsync("create", "evt_twice");
        var (onA, onB) = (silos.OnA, silos.OnB);
        await onA.GetSnapshotAsync();
        await onB.GetSnapshotAsync();

        Assert.True((await onA.CreateAsync(new EventDefinition("First", 5))).IsSuccess);
        await Assert.ThrowsAsync<StateConflictException>(() => onB.CreateAsync(new EventDefinition("Second", 7)));

        Assert.Equal("First", (await onB.GetSnapshotAsync()).Value!.Name);
    }

    [Fact]
    public async Task ASupersededActivationAnswersNoReadFromItsOldState()
    {
        await using var silos = await TwoSilos.StartAsync("staleread", "evt_stale_read");
        var (onA, onB) = (silos.OnA, silos.OnB);
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
        await using var silos = await TwoSilos.StartAsync("stalecancel", "evt_stale_cancel");
        var (onA, onB) = (silos.OnA, silos.OnB);
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
        await using var silos = await TwoSilos.StartAsync("stalemissing", "evt_stale_missing");
        var (onA, onB) = (silos.OnA, silos.OnB);
        Assert.Equal(ErrorCodes.EventNotFound, (await onB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await onA.CreateAsync(new EventDefinition("Created elsewhere", 5))).IsSuccess);

        await Assert.ThrowsAsync<StateConflictException>(() => onB.GetSnapshotAsync());
        Assert.Equal("Created elsewhere", (await onB.GetSnapshotAsync()).Value!.Name);
    }

    [Fact]
    public async Task AnActivationThatFoundNoEventCannotDropTheExpiryReminderOfOneCreatedElsewhere()
    {
        await using var silos = await TwoSilos.StartWhereBOwnsAsync("stalereminder", "evt_stale_reminder");
        var (onA, onB) = (silos.OnA, silos.OnB);
        // B owns the event, so its reminder service fires the event's reminders into B's activation, which found no
        // event when it loaded.
        Assert.Equal(ErrorCodes.EventNotFound, (await onB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await onA.CreateAsync(new EventDefinition("Reminded elsewhere", 5))).IsSuccess);
        var hold = (await onA.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 1))).Value!;
        // A lets its activation go as a plain deactivation: had A's next membership refresh found it, A would have
        // told B the version it committed, and B would have dropped its activation before the reminder came.
        await silos.A.Status.DeactivateAllAsync();
        Assert.Equal(1, silos.B.Status.ActivationCount);

        // Without the check, B's activation took the reminder for one of a grain with no state and deleted it, and
        // the hold stayed active for good. With it, B's commit fails, the tick comes again, and a fresh activation
        // expires the hold.
        await Poll.UntilAsync(async () => await Db.ScalarAsync<string>(silos.Database, "SELECT status FROM holds WHERE hold_id = $1", hold.HoldId) == "expired",
            TimeSpan.FromSeconds(15), "the reminder expires the hold");
    }

    /// <summary>
    /// Two silos on one database, each calling its own activation of one event: local factories ignore placement
    /// and do not retry, so each silo keeps its activation, as two silos whose views differ would.
    /// </summary>
    private sealed class TwoSilos(string database, TestSilo a, TestSilo b, string eventId) : IAsyncDisposable
    {
        public string Database => database;

        public TestSilo A => a;

        public TestSilo B => b;

        public IEventGrain OnA { get; } = a.LocalGrains.GetGrain<IEventGrain>(eventId);

        public IEventGrain OnB { get; } = b.LocalGrains.GetGrain<IEventGrain>(eventId);

        /// <summary>Two silos, and an event id (<paramref name="prefix"/> and a number) that both place on B.</summary>
        public static async Task<TwoSilos> StartWhereBOwnsAsync(string purpose, string prefix)
        {
            var database = TestDatabase.CreateIsolated(purpose);
            var a = await TestSilo.StartAsync(database);
            var b = await TestSilo.StartAsync(database);
            await Poll.UntilAsync(() => Task.FromResult(a.ActiveSilos == 2 && b.ActiveSilos == 2), TimeSpan.FromSeconds(15), "both silos see both");
            var eventId = Enumerable.Range(0, 1_000).Select(i => $"{prefix}_{i}")
                .First(id => b.Owns(new GrainId("EventGrain", id)) && !a.Owns(new GrainId("EventGrain", id)));
            return new TwoSilos(database, a, b, eventId);
        }

        public static async Task<TwoSilos> StartAsync(string purpose, string eventId)
        {
            var database = TestDatabase.CreateIsolated(purpose);
            var a = await TestSilo.StartAsync(database);
            try
            {
                return new TwoSilos(database, a, await TestSilo.StartAsync(database), eventId);
            }
            catch
            {
                await a.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}

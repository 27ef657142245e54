using Orleans.Hosting;
using Orleans.Storage;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Guarantee 2: correctness never depends on Orleans keeping one activation. Two clusters on one database each run an
/// activation of the same event: the one that another has superseded cannot commit, answers nothing from its old
/// state (not even a read or a 404), and is dropped, so that the next call reloads what was committed.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class FencingTests
{
    [Fact]
    public async Task AStaleActivationCannotCommitAndTheNextCallReloadsWithoutOverselling()
    {
        await using var clusters = await TwoClusters.StartAsync("fence");
        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Fence", 5))).IsSuccess);
        // Both clusters now have an activation loaded at version 0.
        Assert.Equal(0, (await clusters.OnB.GetSnapshotAsync()).Value!.Version);

        Assert.True((await clusters.OnA.HoldAsync(new HoldRequest(Quantity: 3))).IsSuccess);
        await Assert.ThrowsAsync<InconsistentStateException>(() => clusters.OnB.HoldAsync(new HoldRequest(Quantity: 3)));

        Assert.Equal(1L, await Db.ScalarAsync<long>(clusters.Database, "SELECT count(*) FROM holds WHERE event_id = $1", clusters.EventId));
        // B dropped its stale activation; the next call reloads and sees A's hold, so it cannot oversell.
        Assert.Equal(ErrorCodes.NotEnoughSeats, (await clusters.OnB.HoldAsync(new HoldRequest(Quantity: 3))).Error?.Code);
        var reloaded = (await clusters.OnB.GetSnapshotAsync()).Value!;
        Assert.Equal((1L, 2, 3), (reloaded.Version, reloaded.Available, reloaded.Held));
    }

    [Fact]
    public async Task CreatingTheSameEventInBothClustersCommitsItOnce()
    {
        await using var clusters = await TwoClusters.StartAsync("create");
        Assert.Equal(ErrorCodes.EventNotFound, (await clusters.OnA.GetSnapshotAsync()).Error?.Code);
        Assert.Equal(ErrorCodes.EventNotFound, (await clusters.OnB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("First", 5))).IsSuccess);
        await Assert.ThrowsAsync<InconsistentStateException>(() => clusters.OnB.CreateAsync(new EventDefinition("Second", 7)));

        Assert.Equal(1L, await Db.ScalarAsync<long>(clusters.Database, "SELECT count(*) FROM events"));
        var reloaded = (await clusters.OnB.GetSnapshotAsync()).Value!;
        Assert.Equal(("First", 5), (reloaded.Name, reloaded.Total));
        Assert.Equal(ErrorCodes.EventExists, (await clusters.OnB.CreateAsync(new EventDefinition("Second", 7))).Error?.Code);
    }

    [Fact]
    public async Task ASupersededActivationAnswersNoReadFromItsOldState()
    {
        await using var clusters = await TwoClusters.StartAsync("staleread");
        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Stale read", 5))).IsSuccess);
        Assert.Equal(0, (await clusters.OnB.GetSnapshotAsync()).Value!.Version);

        Assert.True((await clusters.OnA.HoldAsync(new HoldRequest(Quantity: 2))).IsSuccess);

        // B still holds version 0 in memory: it must not answer it as the event's state.
        await Assert.ThrowsAsync<InconsistentStateException>(() => clusters.OnB.GetSnapshotAsync());
        var reloaded = (await clusters.OnB.GetSnapshotAsync()).Value!;
        Assert.Equal((1L, 2), (reloaded.Version, reloaded.Held));
    }

    [Fact]
    public async Task ASupersededActivationCannotSayAnAcknowledgedBookingIsGone()
    {
        await using var clusters = await TwoClusters.StartAsync("stalecancel");
        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Stale cancel", 5))).IsSuccess);
        await clusters.OnB.GetSnapshotAsync();
        var booking = (await clusters.OnA.BookSeatsAsync(["3"])).Value!;

        // B's old state has no such booking; a 404 from it would deny a booking that was acknowledged.
        await Assert.ThrowsAsync<InconsistentStateException>(() => clusters.OnB.GetBookingAsync(booking.BookingId));
        Assert.Equal(booking.BookingId, (await clusters.OnB.GetBookingAsync(booking.BookingId)).Value?.BookingId);
        Assert.True((await clusters.OnB.CancelBookingAsync(booking.BookingId)).IsSuccess);
    }

    [Fact]
    public async Task AnActivationThatFoundNoEventCannotKeepSayingSoOnceAnotherCreatedIt()
    {
        await using var clusters = await TwoClusters.StartAsync("stalemissing");
        Assert.Equal(ErrorCodes.EventNotFound, (await clusters.OnB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Created elsewhere", 5))).IsSuccess);

        await Assert.ThrowsAsync<InconsistentStateException>(() => clusters.OnB.GetSnapshotAsync());
        Assert.Equal("Created elsewhere", (await clusters.OnB.GetSnapshotAsync()).Value!.Name);
    }

    [Fact]
    public async Task ASupersededActivationsTimerCannotExpireAHoldThatWasBookedElsewhere()
    {
        await using var clusters = await TwoClusters.StartAsync("staletimer");
        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Stale timer", 5))).IsSuccess);
        var hold = (await clusters.OnA.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 2))).Value!;
        // B loads the live hold and sets its timer for the hold's expiry.
        Assert.Equal(2, (await clusters.OnB.GetSnapshotAsync()).Value!.Held);

        Assert.True((await clusters.OnA.BookHoldAsync(hold.HoldId, hold.PaymentToken!)).IsSuccess);

        // B's timer finds the hold due in its old state; its commit must fail, not return the booked seats.
        await Task.Delay(hold.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));
        Assert.Equal("booked", await clusters.HoldStatusAsync(hold.HoldId));
        var snapshot = (await clusters.OnB.GetSnapshotAsync()).Value!;
        Assert.Equal((3, 0, 2, 2L), (snapshot.Available, snapshot.Held, snapshot.Booked, snapshot.Version));
    }

    [Fact]
    public async Task AnActivationThatFoundNoEventCannotDropTheExpiryReminderOfAnEventCreatedElsewhere()
    {
        // B's reminder service reads the reminder table every second, so that it soon fires the reminder A set.
        await using var clusters = await TwoClusters.StartAsync("stalereminder", b => b.Configure<ReminderOptions>(o =>
            (o.RefreshReminderListPeriod, o.ReminderLoadingWindow) = (TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))));
        Assert.Equal(ErrorCodes.EventNotFound, (await clusters.OnB.GetSnapshotAsync()).Error?.Code);

        Assert.True((await clusters.OnA.CreateAsync(new EventDefinition("Reminded elsewhere", 5))).IsSuccess);
        var hold = (await clusters.OnA.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 1))).Value!;
        // A goes away with its timer and reminder service: only B's reminder service can return the seats now, and
        // it fires into B's activation, which found no event when it loaded.
        await clusters.StopAAsync();

        // Had B's activation taken its empty state for the truth, it would have seen no live hold and deleted the
        // reminder, and the hold would stay active for good. Its version check fails instead, the tick comes again,
        // and a fresh activation expires the hold.
        await Poll.UntilAsync(async () => await clusters.HoldStatusAsync(hold.HoldId) == "expired", TimeSpan.FromSeconds(20), "the reminder expires the hold");
        Assert.Equal(5, await Db.ScalarAsync<int>(clusters.Database, "SELECT available FROM events WHERE event_id = $1", clusters.EventId));
    }
}

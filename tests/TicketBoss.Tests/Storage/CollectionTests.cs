using Orleans.Configuration;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>Guarantee 8: an idle event's activation is collected (Orleans's collection age) and the next call reloads it whole.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class CollectionTests
{
    [Fact]
    public async Task AnIdleEventIsCollectedAndTheNextCallReloadsItsCommittedState()
    {
        await using var stored = await StoredEvent.StartAsync("idle", 10, silo => silo.Configure<GrainCollectionOptions>(o =>
            (o.CollectionQuantum, o.CollectionAge) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1))));
        var hold = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 4))).Value!;
        var booking = (await stored.Grain.BookSeatsAsync(["9"])).Value!;
        Assert.Equal(1, await EventActivations.CountAsync(stored.Silo.Grains));

        await Poll.UntilAsync(async () => await EventActivations.CountAsync(stored.Silo.Grains) == 0, TimeSpan.FromSeconds(15),
            "the idle event is collected");

        var snapshot = (await stored.Grain.GetSnapshotAsync()).Value!;
        Assert.Equal((2L, 5, 4, 1), (snapshot.Version, snapshot.Available, snapshot.Held, snapshot.Booked));
        Assert.Equal(hold.Seats, (await stored.Grain.GetHoldAsync(hold.HoldId)).Value!.Seats);
        Assert.Equal(booking.Seats, (await stored.Grain.GetBookingAsync(booking.BookingId)).Value!.Seats);
        // The reloaded hold is the same hold: its token books it.
        Assert.True((await stored.Grain.BookHoldAsync(hold.HoldId, hold.PaymentToken!)).IsSuccess);
        Assert.Equal((5, 0, 5, 10), await stored.CountsAsync());
    }
}

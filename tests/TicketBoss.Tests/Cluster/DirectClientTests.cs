using TicketBoss.Grains;
using TicketBoss.Tests.Http;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Cluster;

/// <summary>Any .NET program with the Orleans client and Grains.Interfaces calls the EventGrain directly, without HTTP.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class DirectClientTests
{
    [Fact]
    public async Task AnOrleansClientCreatesHoldsBooksAndReadsAnEventDirectly()
    {
        await using var cluster = await OrleansCluster.StartAsync("client", silos: 2);
        const string id = "evt_direct";
        var concert = cluster.Client.Event(id);

        var created = (await concert.CreateAsync(new EventDefinition("Direct", 10, Venue: "Main hall"))).Ok("create");
        Assert.Equal((id, "Main hall", 10, 10, 0L), (created.EventId, created.Venue, created.Total, created.Available, created.Version));
        Assert.Equal(ErrorCodes.EventExists, (await concert.CreateAsync(new EventDefinition("Again", 5))).Error?.Code);

        var hold = (await concert.HoldAsync(new HoldRequest(Quantity: 3, TtlSeconds: 60))).Ok("hold");
        Assert.Equal((3, HoldStatus.Active), (hold.Seats.Count, hold.Status));
        Assert.NotNull(hold.PaymentToken);
        Assert.Equal(ErrorCodes.InvalidPaymentToken, (await concert.BookHoldAsync(hold.HoldId, "not-the-token")).Error?.Code);

        var receipt = (await concert.BookHoldAsync(hold.HoldId, hold.PaymentToken)).Ok("book");
        Assert.False(receipt.Replayed);
        Assert.Equal((BookingKind.Hold, BookingStatus.Confirmed, hold.HoldId), (receipt.Booking.Kind, receipt.Booking.Status, receipt.Booking.HoldId));
        Assert.Equal(hold.Seats, receipt.Booking.Seats);
        var replay = (await concert.BookHoldAsync(hold.HoldId, hold.PaymentToken)).Ok("book again");
        Assert.True(replay.Replayed);
        Assert.Equivalent(receipt.Booking, replay.Booking, strict: true);

        // Read back, then again from storage after the activation is collected.
        for (var pass = 0; pass < 2; pass++)
        {
            var snapshot = (await concert.GetSnapshotAsync()).Ok("snapshot");
            Assert.Equal((7, 0, 3, 2L), (snapshot.Available, snapshot.Held, snapshot.Booked, snapshot.Version));
            Assert.Equivalent(receipt.Booking, (await concert.GetBookingAsync(receipt.Booking.BookingId)).Ok("booking"), strict: true);
            var booked = (await concert.GetHoldAsync(hold.HoldId)).Ok("hold");
            Assert.Equal((HoldStatus.Booked, receipt.Booking.BookingId), (booked.Status, booked.BookingId));
            var seats = (await concert.GetSeatsAsync()).Ok("seats");
            Assert.Equal(hold.Seats.Order(), seats.Seats.Where(s => s.Status == SeatStatus.Booked).Select(s => s.Label).Order());
            await cluster.Client.DeactivateAllAsync();
        }

        var row = Assert.Single(await HttpTestHelpers.QueryAsync(cluster.ConnectionString,
            "SELECT version, available, held, booked, (SELECT count(*) FROM bookings b WHERE b.event_id = e.event_id) FROM events e WHERE event_id = $1", id));
        Assert.Equal<object?>([2L, 7, 0, 3, 1L], row);
        Assert.Equal(ErrorCodes.EventNotFound, (await cluster.Client.Event("evt_none").GetSnapshotAsync()).Error?.Code);
    }
}

using System.Net;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// Partner reservations on the default partner event, in camelCase with <c>{"error": ...}</c> errors.
/// The event is shared by this class's tests, so they assert on differences.
/// </summary>
public sealed class PartnerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("/reservations")]
    [InlineData("/reservations/")]
    [InlineData("/api/v1/reservations")]
    [InlineData("/api/v1/reservations/")]
    public async Task ReservingAnswers201WithTheReservationIdSeatsTheirLabelsAndConfirmed(string path)
    {
        var before = await SummaryAsync();

        var response = await _client.PostJsonAsync(path, new { partnerId = "acme", seats = 3 });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["reservationId", "seatLabels", "seats", "status"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(3, body.Strings("seatLabels").Distinct().Count());
        Assert.StartsWith("rsv_", body.Str("reservationId"));
        Assert.EndsWith("." + PartnerEventId, body.Str("reservationId"));
        Assert.Equal(3, body.GetProperty("seats").GetInt32());
        Assert.Equal("confirmed", body.Str("status"));
        var after = await SummaryAsync();
        Assert.Equal(before.AvailableSeats - 3, after.AvailableSeats);
        Assert.Equal(before.ReservationCount + 1, after.ReservationCount);
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task TheSummaryShowsThePartnerEvent()
    {
        var response = await _client.GetAsync("/reservations");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(PartnerEventId, body.Str("eventId"));
        Assert.Equal("Node.js Meet-up", body.Str("name"));
        Assert.Equal(500, body.GetProperty("totalSeats").GetInt32());
        Assert.InRange(body.GetProperty("availableSeats").GetInt32(), 0, 500);
        Assert.True(body.GetProperty("reservationCount").GetInt32() >= 0);
        Assert.True(body.GetProperty("version").GetInt64() >= 0);
        Assert.Equal(
            ["availableSeats", "eventId", "name", "reservationCount", "totalSeats", "version"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(body.ToString(), (await (await _client.GetAsync("/api/v1/reservations")).ReadJsonAsync(HttpStatusCode.OK)).ToString());
    }

    [Theory]
    [InlineData("""{"partnerId":"acme","seats":0}""")]
    [InlineData("""{"partnerId":"acme","seats":11}""")]
    [InlineData("""{"partnerId":"acme","seats":-1}""")]
    [InlineData("""{"partnerId":"acme","seats":"3"}""")]
    [InlineData("""{"partnerId":"acme","seats":3.5}""")]
    [InlineData("""{"partnerId":"acme"}""")]
    [InlineData("""{"seats":3}""")]
    [InlineData("""{"partnerId":null,"seats":3}""")]
    [InlineData("""{"partnerId":"","seats":3}""")]
    [InlineData("""{"partnerId":42,"seats":3}""")]
    [InlineData("""{"partnerId":"   ","seats":3}""")]
    [InlineData("""{"partnerId":"a\u0000b","seats":3}""")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{")]
    public async Task InvalidReservationsAre400WithAnErrorMessageAndChangeNothing(string body)
    {
        var before = await SummaryAsync();

        var response = await _client.PostRawAsync("/reservations", body);

        await response.AssertPartnerErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await SummaryAsync());
    }

    [Fact]
    public async Task APartnerIdLongerThan64CharactersIs400()
    {
        var before = await SummaryAsync();

        await (await _client.PostJsonAsync("/reservations", new { partnerId = new string('p', 65), seats = 1 })).AssertPartnerErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await SummaryAsync());
        var ok = await (await _client.PostJsonAsync("/reservations", new { partnerId = new string('p', 64), seats = 1 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, ok.GetProperty("seats").GetInt32());
    }

    [Fact]
    public async Task CancellingAReservationAnswers204ThenTheSecondCancelIs410()
    {
        var reservation = await ReserveAsync("globex", 4);
        var before = await SummaryAsync();

        var response = await _client.DeleteAsync($"/reservations/{reservation}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var after = await SummaryAsync();
        Assert.Equal(before.AvailableSeats + 4, after.AvailableSeats);
        Assert.Equal(before.ReservationCount - 1, after.ReservationCount);
        Assert.Equal(before.Version + 1, after.Version);

        Assert.Contains("cancelled", await (await _client.DeleteAsync($"/reservations/{reservation}")).AssertPartnerErrorAsync(HttpStatusCode.Gone));
        await (await _client.DeleteAsync($"/api/v1/reservations/{reservation}")).AssertPartnerErrorAsync(HttpStatusCode.Gone);
        Assert.Equal(after, await SummaryAsync());
    }

    [Fact]
    public async Task APartnerReadsBackItsReservationWithItsSeatLabelsAndStatus()
    {
        var made = await (await _client.PostJsonAsync("/reservations", new { partnerId = "readback", seats = 3 })).ReadJsonAsync(HttpStatusCode.Created);
        var id = made.Str("reservationId");

        var read = await (await _client.GetAsync($"/reservations/{id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            ["createdAt", "eventId", "partnerId", "reservationId", "seatLabels", "seats", "status"],
            read.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal((id, PartnerEventId, "readback", 3, "confirmed"),
            (read.Str("reservationId"), read.Str("eventId"), read.Str("partnerId"), read.GetProperty("seats").GetInt32(), read.Str("status")));
        Assert.Equal(made.Strings("seatLabels"), read.Strings("seatLabels"));
        var seats = await _client.SeatStatusesAsync(PartnerEventId);
        Assert.All(read.Strings("seatLabels"), label => Assert.Equal("booked", seats[label]));
        Assert.Equal(read.ToString(), (await (await _client.GetAsync($"/api/v1/reservations/{id}")).ReadJsonAsync(HttpStatusCode.OK)).ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/reservations/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnotherKindOfBookingIsNotAReservation()
    {
        var direct = await (await _client.PostJsonAsync("/bookings", new { event_id = PartnerEventId, seats = new[] { 499 } })).ReadJsonAsync(HttpStatusCode.Created);

        await (await _client.GetAsync($"/reservations/{direct.Str("booking_id")}")).AssertPartnerErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/bookings/{direct.Str("booking_id")}")).StatusCode);
    }

    [Theory]
    [InlineData("rsv_unknown00000.node-meetup-2025")]
    [InlineData("rsv_unknown00000.evt_nosuchevent0")]
    [InlineData("garbage")]
    [InlineData("..%2F..%2Fetc")]
    public async Task CancellingAnUnknownReservationIs404(string reservationId)
    {
        var before = await SummaryAsync();

        await (await _client.DeleteAsync($"/reservations/{reservationId}")).AssertPartnerErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await SummaryAsync());
    }

    [Fact]
    public async Task OnlyPartnerReservationsCanBeCancelledAsReservations()
    {
        var direct = await (await _client.PostJsonAsync("/bookings", new { event_id = PartnerEventId, seats = new[] { 500 } })).ReadJsonAsync(HttpStatusCode.Created);
        var before = await SummaryAsync();

        await (await _client.DeleteAsync($"/reservations/{direct.Str("booking_id")}")).AssertPartnerErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await SummaryAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/bookings/{direct.Str("booking_id")}")).StatusCode);
    }

    [Fact]
    public async Task TheVersionGoesUpByExactlyOnePerReservationAndCancellation()
    {
        var start = await SummaryAsync();
        var reservations = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            reservations.Add(await ReserveAsync($"partner-{i}", i));
            var now = await SummaryAsync();
            Assert.Equal(start.Version + i, now.Version);
            Assert.Equal(start.ReservationCount + i, now.ReservationCount);
        }
        Assert.Equal(start.AvailableSeats - 15, (await SummaryAsync()).AvailableSeats);

        for (var i = 0; i < reservations.Count; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/reservations/{reservations[i]}")).StatusCode);
            Assert.Equal(start.Version + 5 + i + 1, (await SummaryAsync()).Version);
        }
        var end = await SummaryAsync();
        Assert.Equal(start with { Version = start.Version + 10 }, end);
    }

    [Fact]
    public async Task ReservingMoreThanIsLeftIs409NotEnoughSeatsLeft()
    {
        var mine = new List<string>();
        var available = (await SummaryAsync()).AvailableSeats;
        while (available > 2)
        {
            var seats = Math.Min(10, available - 2);
            mine.Add(await ReserveAsync("filler", seats));
            available -= seats;
        }
        var nearlyFull = await SummaryAsync();
        Assert.Equal(2, nearlyFull.AvailableSeats);

        var response = await _client.PostJsonAsync("/reservations", new { partnerId = "late", seats = 3 });

        Assert.Equal("Not enough seats left", await response.AssertPartnerErrorAsync(HttpStatusCode.Conflict));
        Assert.Equal("""{"error":"Not enough seats left"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(nearlyFull, await SummaryAsync());
        mine.Add(await ReserveAsync("exact", 2));
        var full = await SummaryAsync();
        Assert.Equal(0, full.AvailableSeats);
        await (await _client.PostJsonAsync("/reservations", new { partnerId = "late", seats = 1 })).AssertPartnerErrorAsync(HttpStatusCode.Conflict);
        Assert.Equal(full, await SummaryAsync());

        // Leave the event with the seats it had.
        foreach (var reservation in mine)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/reservations/{reservation}")).StatusCode);
        }
    }

    private async Task<string> ReserveAsync(string partnerId, int seats)
    {
        var response = await _client.PostJsonAsync("/reservations", new { partnerId, seats });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).Str("reservationId");
    }

    private async Task<Summary> SummaryAsync()
    {
        var body = await (await _client.GetAsync("/reservations")).ReadJsonAsync(HttpStatusCode.OK);
        return new Summary(
            body.Str("eventId"), body.GetProperty("totalSeats").GetInt32(), body.GetProperty("availableSeats").GetInt32(),
            body.GetProperty("reservationCount").GetInt32(), body.GetProperty("version").GetInt64());
    }

    private sealed record Summary(string EventId, int TotalSeats, int AvailableSeats, int ReservationCount, long Version);
}

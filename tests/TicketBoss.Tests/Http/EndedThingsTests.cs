using System.Net;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// One rule for ended things over HTTP, for holds, bookings and reservations alike: unknown is 404; a read of a
/// known one is 200 with its status; a change to one that ended is 410 with a code naming how it ended (partner
/// routes in their <c>{"error": ...}</c> shape); a booked hold is 409 naming the booking to cancel. The only 2xx
/// retry is booking a hold again with its token while its booking stands.
/// </summary>
public sealed class EndedThingsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("released", "hold_released")]
    [InlineData("expired", "hold_expired")]
    public async Task EveryChangeToAnEndedHoldIs410NamingHowItEndedAndItsReadIs200WithThatStatus(string ending, string code)
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 2);
        var holdId = hold.Str("hold_id");
        var end = ending == "released" ? await _client.DeleteAsync($"/holds/{holdId}") : await _client.PostAsync($"/holds/{holdId}/expire", null);
        Assert.True(end.IsSuccessStatusCode);
        var counts = await _client.CountsAsync(eventId);

        await (await _client.DeleteAsync($"/holds/{holdId}")).AssertProblemAsync(HttpStatusCode.Gone, code);
        await (await _client.PostAsync($"/holds/{holdId}/expire", null)).AssertProblemAsync(HttpStatusCode.Gone, code);
        await (await BookAsync(hold)).AssertProblemAsync(HttpStatusCode.Gone, code);
        await (await _client.DeleteAsync($"/api/v1/holds/{holdId}")).AssertProblemAsync(HttpStatusCode.Gone, code);

        Assert.Equal(ending, (await (await _client.GetAsync($"/holds/{holdId}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal(counts, await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task BookingAHoldAgainIs200WithTheSameBookingUntilTheBookingIsCancelledThen410()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 2);
        var first = await (await BookAsync(hold)).ReadJsonAsync(HttpStatusCode.Created);
        var again = await (await BookAsync(hold)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.ToString(), again.ToString());
        var bookingId = first.Str("booking_id");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/bookings/{bookingId}")).StatusCode);

        var afterCancel = await (await BookAsync(hold)).AssertProblemAsync(HttpStatusCode.Gone, "booking_cancelled");
        Assert.Contains(bookingId, afterCancel.GetProperty("detail").GetString());
        await (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).AssertProblemAsync(HttpStatusCode.Gone, "booking_cancelled");
        await (await _client.DeleteAsync($"/bookings/{bookingId}")).AssertProblemAsync(HttpStatusCode.Gone, "booking_cancelled");
        Assert.Equal("cancelled", (await (await _client.GetAsync($"/bookings/{bookingId}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("booked", (await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal((10, 0, 0), Take3(await _client.CountsAsync(eventId)));
    }

    [Fact]
    public async Task ReleasingABookedHoldIs409AndNamesTheBookingToCancel()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 2);
        var booking = await _client.BookHoldAsync(hold);

        var refused = await (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).AssertProblemAsync(HttpStatusCode.Conflict, "hold_already_booked");

        Assert.Contains($"DELETE /bookings/{booking.Str("booking_id")}", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ACancelledReservationIs410ToCancelAgainOnEitherRouteAnd200ToRead()
    {
        var reservation = await (await _client.PostJsonAsync("/reservations", new { partnerId = "ended", seats = 2 })).ReadJsonAsync(HttpStatusCode.Created);
        var id = reservation.Str("reservationId");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/reservations/{id}")).StatusCode);

        Assert.Contains("cancelled", await (await _client.DeleteAsync($"/reservations/{id}")).AssertPartnerErrorAsync(HttpStatusCode.Gone));
        await (await _client.DeleteAsync($"/bookings/{id}")).AssertProblemAsync(HttpStatusCode.Gone, "reservation_cancelled");

        var read = await (await _client.GetAsync($"/reservations/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", read.Str("status"));
        Assert.Equal(reservation.Strings("seatLabels"), read.Strings("seatLabels"));
    }

    [Theory]
    [InlineData("DELETE", "/holds/hld_unknown00000.{0}", "hold_not_found")]
    [InlineData("GET", "/holds/hld_unknown00000.{0}", "hold_not_found")]
    [InlineData("POST", "/holds/hld_unknown00000.{0}/expire", "hold_not_found")]
    [InlineData("GET", "/bookings/bkg_unknown00000.{0}", "booking_not_found")]
    [InlineData("DELETE", "/bookings/bkg_unknown00000.{0}", "booking_not_found")]
    public async Task UnknownThingsAre404(string method, string path, string code)
    {
        var eventId = await _client.CreateEventAsync(1);

        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, eventId));
        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotFound, code);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task AnUnknownReservationIs404InThePartnerShape(string method)
    {
        foreach (var id in new[] { "rsv_unknown00000.node-meetup-2025", "garbage" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/reservations/{id}");
            await (await _client.SendAsync(request)).AssertPartnerErrorAsync(HttpStatusCode.NotFound);
        }
    }

    private Task<HttpResponseMessage> BookAsync(JsonElement hold) =>
        _client.PostJsonAsync("/book", new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") });

    private static (int, int, int) Take3((int Available, int Held, int Booked, long Version) counts) => (counts.Available, counts.Held, counts.Booked);
}

using System.Net;

namespace TicketBoss.Tests.Http;

/// <summary>Bookings: booking a hold with its token, direct bookings of named seats, reading and cancelling.</summary>
public sealed partial class BoxOfficeTests
{
    [Fact]
    public async Task BookingAHoldAnswers201AndARetryAnswers200WithTheIdenticalBody()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 3);
        var request = new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") };

        var first = await _client.PostJsonAsync("/book", request);
        var firstBody = await first.Content.ReadAsStringAsync();
        var retry = await _client.PostJsonAsync("/book", request);
        var retryBody = await retry.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, retryBody);
        var booking = HttpTestHelpers.Parse(firstBody);
        Assert.StartsWith("bkg_", booking.Str("booking_id"));
        Assert.Equal(hold.Str("hold_id"), booking.Str("hold_id"));
        Assert.Equal(eventId, booking.Str("event_id"));
        Assert.Equal(3, booking.GetProperty("qty").GetInt32());
        Assert.Equal(hold.Strings("seats"), booking.Strings("seats"));
        Assert.True(booking.TryGetProperty("created_at", out _));
        Assert.Equal("confirmed", booking.Str("status"));
        Assert.Equal((7, 0, 3, 2L), await _client.CountsAsync(eventId));

        var read = await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("booked", read.Str("status"));
        Assert.Equal(booking.Str("booking_id"), read.Str("booking_id"));
    }

    [Fact]
    public async Task BookingWithTheWrongPaymentTokenIs403AndLeavesTheHoldActive()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 2);
        var wrong = hold.Str("payment_token")[..^1] + (hold.Str("payment_token")[^1] == 'a' ? 'b' : 'a');

        var response = await _client.PostJsonAsync("/book", new { hold_id = hold.Str("hold_id"), payment_token = wrong });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "invalid_payment_token");
        Assert.Equal((3, 2, 0, 1L), await _client.CountsAsync(eventId));
        Assert.Equal("active", (await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        await _client.BookHoldAsync(hold);
    }

    [Theory]
    [InlineData("hld_unknown00000.{0}", "hold_not_found")]
    [InlineData("no-such-hold", "hold_not_found")]
    [InlineData("hld_unknown00000.evt_nosuchevent0", "event_not_found")]
    public async Task BookingAnUnknownHoldIs404(string holdId, string code)
    {
        var eventId = await _client.CreateEventAsync(1);

        var response = await _client.PostJsonAsync("/book", new
        {
            hold_id = string.Format(System.Globalization.CultureInfo.InvariantCulture, holdId, eventId),
            payment_token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task BookingAReleasedHoldIs410()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 2);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).StatusCode);

        var response = await _client.PostJsonAsync("/book", new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") });

        await response.AssertProblemAsync(HttpStatusCode.Gone, "hold_released");
        Assert.Equal((5, 0, 0, 2L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task DirectBookingOfSeatLabelsAnswers201Confirmed()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 3), ("B", 3));

        var response = await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { "B3", "A1" } });

        var booking = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.StartsWith("bkg_", booking.Str("booking_id"));
        Assert.Equal("confirmed", booking.Str("status"));
        Assert.Equal(["A1", "B3"], booking.Strings("seats").Order(StringComparer.Ordinal).ToArray());
        var seats = await _client.SeatStatusesAsync(eventId);
        Assert.Equal("booked", seats["A1"]);
        Assert.Equal("booked", seats["B3"]);
        Assert.Equal((4, 0, 2, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task DirectBookingOfSeatNumbersAnswers201Confirmed()
    {
        var eventId = await _client.CreateEventAsync(10);

        var response = await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new object[] { 4, "5", 10 } });

        var booking = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("confirmed", booking.Str("status"));
        Assert.Equal(["10", "4", "5"], booking.Strings("seats").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal((7, 0, 3, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task DirectBookingOfATakenSeatIs409SeatTakenAndBooksNothing()
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 2);
        (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { 5 } })).EnsureSuccessStatusCode();

        await (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { 3, 2 } })).AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");
        await (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { 6, 5 } })).AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");

        Assert.Equal((7, 2, 1, 2L), await _client.CountsAsync(eventId));
        Assert.Equal("available", (await _client.SeatStatusesAsync(eventId))["3"]);
    }

    [Fact]
    public async Task DirectBookingOfAnUnknownSeatOrEventIs404()
    {
        var eventId = await _client.CreateEventAsync(10);

        await (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { 11 } })).AssertProblemAsync(HttpStatusCode.NotFound, "seat_not_found");
        await (await _client.PostJsonAsync("/bookings", new { event_id = "evt_nosuchevent0", seats = new[] { 1 } })).AssertProblemAsync(HttpStatusCode.NotFound, "event_not_found");
        Assert.Equal((10, 0, 0, 0L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ReadingABookingShowsItsSeatsAndStatus()
    {
        var eventId = await _client.CreateEventAsync(10);
        var booking = await (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { 1, 2 } })).ReadJsonAsync(HttpStatusCode.Created);

        var read = await (await _client.GetAsync($"/bookings/{booking.Str("booking_id")}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(booking.Str("booking_id"), read.Str("booking_id"));
        Assert.Equal(eventId, read.Str("event_id"));
        Assert.Equal("confirmed", read.Str("status"));
        Assert.Equal(["1", "2"], read.Strings("seats"));
        Assert.Equal(2, read.GetProperty("qty").GetInt32());
    }

    [Fact]
    public async Task ReadingAnUnknownBookingIs404()
    {
        var eventId = await _client.CreateEventAsync(1);

        await (await _client.GetAsync($"/bookings/bkg_unknown00000.{eventId}")).AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
        await (await _client.GetAsync("/bookings/garbage")).AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
    }

    [Fact]
    public async Task CancellingABookingAnswers204AndItsSeatsReturnAndASecondCancelIs410BookingCancelled()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 3);
        var booking = await _client.BookHoldAsync(hold);
        var bookingId = booking.Str("booking_id");

        var response = await _client.DeleteAsync($"/bookings/{bookingId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((10, 0, 0, 3L), await _client.CountsAsync(eventId));
        Assert.Equal("cancelled", (await (await _client.GetAsync($"/bookings/{bookingId}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        await (await _client.DeleteAsync($"/bookings/{bookingId}")).AssertProblemAsync(HttpStatusCode.Gone, "booking_cancelled");
        await (await _client.DeleteAsync($"/bookings/bkg_unknown00000.{eventId}")).AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
        Assert.Equal((10, 0, 0, 3L), await _client.CountsAsync(eventId));
        // The seats can be sold again.
        Assert.Equal(hold.Strings("seats"), (await _client.HoldAsync(eventId, 3)).Strings("seats"));
    }
}

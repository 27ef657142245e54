using System.Net;
using static TicketBoss.Tests.Http.HttpTestHelpers;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>Holds: placing them by quantity or by seat, reading, releasing and expiring them.</summary>
public sealed partial class BoxOfficeTests
{
    [Fact]
    public async Task HoldingAQuantityAnswers201WithTheFirstFreeSeatsAnActiveStatusAndAPaymentToken()
    {
        var eventId = await _client.CreateEventAsync(10);
        var before = DateTimeOffset.UtcNow;

        var response = await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 3, ttl_seconds = 60 });

        var hold = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Matches(@"^hld_[0-9A-Za-z]+\." + eventId + "$", hold.Str("hold_id"));
        Assert.Equal(eventId, hold.Str("event_id"));
        Assert.Equal(3, hold.GetProperty("qty").GetInt32());
        Assert.Equal(["1", "2", "3"], hold.Strings("seats"));
        Assert.Equal("active", hold.Str("status"));
        // 128 random bits at least: 32 characters of a 62-letter alphabet carry about 190.
        Assert.True(hold.Str("payment_token").Length >= 22, hold.Str("payment_token"));
        var expiresAt = hold.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddSeconds(55), DateTimeOffset.UtcNow.AddSeconds(65));
        Assert.Equal((7, 3, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task HoldingNamedSeatsHoldsExactlyThoseSeats()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 3), ("B", 2));

        var hold = await _client.HoldSeatsAsync(eventId, "B2", "A1");

        Assert.Equal(2, hold.GetProperty("qty").GetInt32());
        Assert.Equal(["A1", "B2"], hold.Strings("seats").Order(StringComparer.Ordinal).ToArray());
        var seats = await _client.SeatStatusesAsync(eventId);
        Assert.Equal("held", seats["A1"]);
        Assert.Equal("held", seats["B2"]);
        Assert.Equal("available", seats["A2"]);
        Assert.Equal((3, 2, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task HoldingMoreThanIsAvailableIs409NotEnoughSeats()
    {
        var eventId = await _client.CreateEventAsync(4);
        await _client.HoldAsync(eventId, 3);

        var response = await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 2 });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
        Assert.Equal((1, 3, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task HoldingATakenSeatIs409SeatTaken()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 4));
        await _client.HoldSeatsAsync(eventId, "A2");

        var response = await _client.PostJsonAsync("/holds", new { event_id = eventId, seats = new[] { "A1", "A2" } });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");
        Assert.Equal((3, 1, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task HoldingOnAnUnknownEventIs404()
    {
        var response = await _client.PostJsonAsync("/holds", new { event_id = "evt_nosuchevent0", qty = 1 });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "event_not_found");
    }

    [Fact]
    public async Task AllowPartialHoldsWhatIsLeftInsteadOfFailing()
    {
        var eventId = await _client.CreateEventAsync(5);
        await _client.HoldAsync(eventId, 3);

        await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 4 })).AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
        var partial = await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 4, allow_partial = true }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(2, partial.GetProperty("qty").GetInt32());
        Assert.Equal(["4", "5"], partial.Strings("seats"));
        // Sold out: even a partial hold has nothing to take.
        await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 1, allow_partial = true }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
        Assert.Equal((0, 5, 0, 2L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task AllowPartialWithNamedSeatsHoldsOnlyTheFreeOnes()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 4));
        await _client.HoldSeatsAsync(eventId, "A2");

        var partial = await (await _client.PostJsonAsync("/holds", new { event_id = eventId, seats = new[] { "A1", "A2", "A3" }, allow_partial = true }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(["A1", "A3"], partial.Strings("seats").Order(StringComparer.Ordinal).ToArray());
        await (await _client.PostJsonAsync("/holds", new { event_id = eventId, seats = new[] { "A1", "A2" }, allow_partial = true }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");
        Assert.Equal((1, 3, 0, 2L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ReadingAHoldShowsItWithoutItsPaymentToken()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 2);

        var response = await _client.GetAsync($"/holds/{hold.Str("hold_id")}");

        var read = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(hold.Str("hold_id"), read.Str("hold_id"));
        Assert.Equal(eventId, read.Str("event_id"));
        Assert.Equal(2, read.GetProperty("qty").GetInt32());
        Assert.Equal(hold.Strings("seats"), read.Strings("seats"));
        Assert.Equal("active", read.Str("status"));
        Assert.Equal(hold.GetProperty("expires_at").GetDateTimeOffset(), read.GetProperty("expires_at").GetDateTimeOffset());
        Assert.False(read.TryGetProperty("payment_token", out _), read.ToString());
        Assert.DoesNotContain(hold.Str("payment_token"), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("hld_unknown00000.{0}", "hold_not_found")]
    [InlineData("not-a-hold-id", "hold_not_found")]
    [InlineData("hld_unknown00000.evt_nosuchevent0", "event_not_found")]
    public async Task ReadingAnUnknownHoldIs404(string holdId, string code)
    {
        var eventId = await _client.CreateEventAsync(1);

        var response = await _client.GetAsync($"/holds/{string.Format(System.Globalization.CultureInfo.InvariantCulture, holdId, eventId)}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task ReleasingAHoldAnswers204AndItsSeatsReturnAndASecondReleaseIs410()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 3);

        var response = await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((5, 0, 0, 2L), await _client.CountsAsync(eventId));
        Assert.Equal("released", (await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        await (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).AssertProblemAsync(HttpStatusCode.Gone, "hold_released");
        Assert.Equal((5, 0, 0, 2L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ReleasingABookedHoldIs409AndKeepsTheBooking()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 2);
        await _client.BookHoldAsync(hold);

        await (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).AssertProblemAsync(HttpStatusCode.Conflict, "hold_already_booked");

        Assert.Equal((3, 0, 2, 2L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ReleasingAnUnknownHoldIs404()
    {
        var eventId = await _client.CreateEventAsync(1);

        await (await _client.DeleteAsync($"/holds/hld_unknown00000.{eventId}")).AssertProblemAsync(HttpStatusCode.NotFound, "hold_not_found");
        await (await _client.DeleteAsync("/holds/whatever")).AssertProblemAsync(HttpStatusCode.NotFound, "hold_not_found");
    }

    [Fact]
    public async Task ExpiringAHoldAnswers200WithStatusExpiredAndItsSeatsReturn()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 4);

        var response = await _client.PostAsync($"/holds/{hold.Str("hold_id")}/expire", null);

        var expired = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", expired.Str("status"));
        Assert.Equal(hold.Str("hold_id"), expired.Str("hold_id"));
        Assert.Equal(hold.Strings("seats"), expired.Strings("seats"));
        Assert.False(expired.TryGetProperty("payment_token", out _));
        Assert.Equal((5, 0, 0, 2L), await _client.CountsAsync(eventId));
        // Expiring again is refused as expired (410) and changes nothing.
        await (await _client.PostAsync($"/holds/{hold.Str("hold_id")}/expire", null)).AssertProblemAsync(HttpStatusCode.Gone, "hold_expired");
        Assert.Equal((5, 0, 0, 2L), await _client.CountsAsync(eventId));
        // Its token no longer books it.
        var book = await _client.PostJsonAsync("/book", new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") });
        await book.AssertProblemAsync(HttpStatusCode.Gone, "hold_expired");
    }

    [Fact]
    public async Task ExpiringABookedHoldIs409()
    {
        var eventId = await _client.CreateEventAsync(5);
        var hold = await _client.HoldAsync(eventId, 2);
        await _client.BookHoldAsync(hold);

        await (await _client.PostAsync($"/holds/{hold.Str("hold_id")}/expire", null)).AssertProblemAsync(HttpStatusCode.Conflict, "hold_already_booked");

        Assert.Equal((3, 0, 2, 2L), await _client.CountsAsync(eventId));
        Assert.Equal("booked", (await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task ExpiringAnUnknownHoldIs404()
    {
        var eventId = await _client.CreateEventAsync(1);

        await (await _client.PostAsync($"/holds/hld_unknown00000.{eventId}/expire", null)).AssertProblemAsync(HttpStatusCode.NotFound, "hold_not_found");
    }

    [Fact]
    public async Task AHoldPastItsTtlIsExpiredByTheReminderWithoutAnyCallAndThenBookingIt410()
    {
        var eventId = await _client.CreateEventAsync(4);
        var hold = await _client.HoldAsync(eventId, 3, ttlSeconds: 1);
        var holdId = hold.Str("hold_id");

        // Nothing touches the event now: only the expiry reminder can end the hold.
        await Poll.UntilAsync(async () => (string?)Assert.Single(await QueryAsync(fixture.ConnectionString, "SELECT status FROM holds WHERE hold_id = $1", holdId))[0] == "expired",
            TimeSpan.FromSeconds(15), "the reminder expires the hold");
        var counts = await QueryAsync(fixture.ConnectionString, "SELECT available, held, booked, version FROM events WHERE event_id = $1", eventId);
        Assert.Equal<object?>([4, 0, 0, 2L], Assert.Single(counts));

        var book = await _client.PostJsonAsync("/book", new { hold_id = holdId, payment_token = hold.Str("payment_token") });
        await book.AssertProblemAsync(HttpStatusCode.Gone, "hold_expired");
        Assert.Equal("expired", (await (await _client.GetAsync($"/holds/{holdId}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal((4, 0, 0, 2L), await _client.CountsAsync(eventId));
    }
}

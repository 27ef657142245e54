using System.Net;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// The Box Office family over real HTTP: events and their seats here; holds and bookings in the other parts.
/// Every test works on events it creates itself, so the shared fixture's other events do not matter.
/// </summary>
public sealed partial class BoxOfficeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task CreatingAnEventAnswers201WithItsIdNameSeatsCreationTimeAndVersionZero()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var response = await _client.PostJsonAsync("/events", new
        {
            name = "Rust Conf",
            total_seats = 120,
            venue = "Hall 7",
            starts_at = "2030-05-01T18:00:00Z",
        });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        var eventId = body.Str("event_id");
        Assert.Matches("^evt_[0-9a-z]{12}$", eventId);
        Assert.Equal("Rust Conf", body.Str("name"));
        Assert.Equal(120, body.GetProperty("total_seats").GetInt32());
        Assert.Equal("Hall 7", body.Str("venue"));
        Assert.Equal(DateTimeOffset.Parse("2030-05-01T18:00:00Z"), body.GetProperty("starts_at").GetDateTimeOffset());
        var createdAt = body.GetProperty("created_at").GetDateTimeOffset();
        Assert.InRange(createdAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(0, body.GetProperty("version").GetInt64());

        var read = await _client.GetEventAsync(eventId);
        Assert.Equal((120, 0, 0), (read.GetProperty("available").GetInt32(), read.GetProperty("held").GetInt32(), read.GetProperty("booked").GetInt32()));
    }

    [Fact]
    public async Task CreatingAnEventWithASeatMapCountsItsSeats()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 3), ("B", 2));

        var e = await _client.GetEventAsync(eventId);
        Assert.Equal(5, e.GetProperty("total").GetInt32());
        Assert.Equal(["A1", "A2", "A3", "B1", "B2"], (await _client.SeatStatusesAsync(eventId)).Keys.ToArray());
    }

    [Theory]
    [InlineData("/events/{0}")]
    [InlineData("/events/{0}/status")]
    public async Task ReadingAnEventGivesItsCountsAndAnETagOfItsVersion(string route)
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 3);
        await _client.HoldAsync(eventId, 2);

        var response = await _client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, eventId));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(eventId, body.Str("event_id"));
        Assert.StartsWith("Test event ", body.Str("name"));
        Assert.Equal(10, body.GetProperty("total").GetInt32());
        Assert.Equal(5, body.GetProperty("available").GetInt32());
        Assert.Equal(5, body.GetProperty("held").GetInt32());
        Assert.Equal(0, body.GetProperty("booked").GetInt32());
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
    }

    [Theory]
    [InlineData("/events/evt_doesnotexist00")]
    [InlineData("/events/evt_doesnotexist00/status")]
    [InlineData("/events/evt_doesnotexist00/seats")]
    public async Task ReadingAnUnknownEventIs404EventNotFound(string path)
    {
        await (await _client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound, "event_not_found");
    }

    [Fact]
    public async Task ListingEventsPagesThroughEveryEventWithPageSizeAndNextCursor()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await _client.CreateEventAsync(5));
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var url = next is null ? "/events?page_size=2" : $"/events?page_size=2&page={Uri.EscapeDataString(next)}";
            var page = await (await _client.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            foreach (var item in items)
            {
                Assert.Equal(
                    item.GetProperty("total").GetInt32(),
                    item.GetProperty("available").GetInt32() + item.GetProperty("held").GetInt32() + item.GetProperty("booked").GetInt32());
                Assert.True(item.TryGetProperty("version", out _));
                Assert.True(item.TryGetProperty("name", out _));
            }
            seen.AddRange(items.Select(item => item.Str("event_id")));
            next = page.TryGetProperty("next", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
            if (next is not null)
            {
                Assert.Equal(2, items.Count);
                Assert.Equal(items[^1].Str("event_id"), next);
            }
            pages++;
        }
        while (next is not null && pages < 1000);

        Assert.Null(next);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created.Concat([PartnerEventId, SeatEventId]).ToHashSet());
        Assert.Equal((seen.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task ListingEventsIncludesTheDefaultEvents()
    {
        var page = await (await _client.GetAsync("/events?page_size=200")).ReadJsonAsync(HttpStatusCode.OK);

        var ids = page.GetProperty("items").EnumerateArray().Select(item => item.Str("event_id")).ToList();
        Assert.Contains(PartnerEventId, ids);
        Assert.Contains(SeatEventId, ids);
        var partner = page.GetProperty("items").EnumerateArray().Single(item => item.Str("event_id") == PartnerEventId);
        Assert.Equal(500, partner.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/events?page_size=0")]
    [InlineData("/events?page_size=201")]
    [InlineData("/events?page_size=-1")]
    [InlineData("/events?page=..%2F..")]
    [InlineData("/events?page=%00")]
    public async Task ListingEventsWithABadPageSizeOrCursorIs400(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task SeatsOfAnEventShowEachSeatsStatusAndTheCounts()
    {
        var eventId = await _client.CreateEventAsync(6);
        await _client.HoldAsync(eventId, 2);
        (await _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { "5" } })).EnsureSuccessStatusCode();

        var response = await _client.GetAsync($"/events/{eventId}/seats");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(6, body.GetProperty("total_seats").GetInt32());
        Assert.Equal(1, body.GetProperty("booked_seats").GetInt32());
        Assert.Equal(2, body.GetProperty("held_seats").GetInt32());
        Assert.Equal(3, body.GetProperty("available_seats").GetInt32());
        var seats = body.GetProperty("seats").EnumerateArray().Select(s => (s.Str("label"), s.Str("status"))).ToArray();
        Assert.Equal(
            [("1", "held"), ("2", "held"), ("3", "available"), ("4", "available"), ("5", "booked"), ("6", "available")],
            seats);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/api/v1")]
    public async Task EveryBoxOfficeRouteAnswersAtTheRootAndUnderApiV1(string prefix)
    {
        var created = await (await _client.PostJsonAsync($"{prefix}/events", new { name = "Prefixed", total_seats = 8 }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var eventId = created.Str("event_id");
        await (await _client.GetAsync($"{prefix}/events/{eventId}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"{prefix}/events/{eventId}/status")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"{prefix}/events/{eventId}/seats")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"{prefix}/events?page_size=1")).ReadJsonAsync(HttpStatusCode.OK);

        var hold = await (await _client.PostJsonAsync($"{prefix}/holds", new { event_id = eventId, qty = 2 })).ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.GetAsync($"{prefix}/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK);
        var bookBody = new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") };
        var booking = await (await _client.PostJsonAsync($"{prefix}/book", bookBody)).ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.PostJsonAsync($"{prefix}/book", bookBody)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"{prefix}/bookings/{booking.Str("booking_id")}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{prefix}/bookings/{booking.Str("booking_id")}")).StatusCode);

        var released = await (await _client.PostJsonAsync($"{prefix}/holds", new { event_id = eventId, qty = 1 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{prefix}/holds/{released.Str("hold_id")}")).StatusCode);
        var expired = await (await _client.PostJsonAsync($"{prefix}/holds", new { event_id = eventId, seats = new[] { "8" } })).ReadJsonAsync(HttpStatusCode.Created);
        var expiredNow = await (await _client.PostAsync($"{prefix}/holds/{expired.Str("hold_id")}/expire", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", expiredNow.Str("status"));

        var direct = await (await _client.PostJsonAsync($"{prefix}/bookings", new { event_id = eventId, seats = new[] { 7 } })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["7"], direct.Strings("seats"));
        await (await _client.GetAsync($"{prefix}/holds/hld_nothing00000.{eventId}")).AssertProblemAsync(HttpStatusCode.NotFound, "hold_not_found");

        // booked 7; released, expired and cancelled seats are back: 7 available, version 8 (create is version 0).
        Assert.Equal((7, 0, 1, 8L), await _client.CountsAsync(eventId));
    }
}

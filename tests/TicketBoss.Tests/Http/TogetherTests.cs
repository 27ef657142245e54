using System.Net;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// Parties sit together: <c>together</c> on a quantity hold, <c>adjacent</c> on every hold answer, and the seat
/// map's <c>preference</c> for where in a row the best seats are.
/// </summary>
public sealed class TogetherTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ATogetherHoldGetsAdjacentSeatsInOneRowAndSaysSo()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 3), ("B", 3), ("C", 3));
        await _client.HoldSeatsAsync(eventId, "A2", "B2");

        var response = await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 3, together = true });

        var hold = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["C1", "C2", "C3"], hold.Strings("seats"));
        Assert.True(hold.GetProperty("adjacent").GetBoolean());
        // Without together the same request splits the party, and the answer says so.
        var apart = await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 3 })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.False(apart.GetProperty("adjacent").GetBoolean());
        Assert.False((await (await _client.GetAsync($"/holds/{apart.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("adjacent").GetBoolean());
    }

    [Fact]
    public async Task ATogetherHoldWithNoRowWithRoomIs409NamingHowManySitTogether()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 4), ("B", 4));
        await _client.HoldSeatsAsync(eventId, "A2", "B3");
        var before = await _client.CountsAsync(eventId);

        var refused = await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 3, together = true }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_adjacent_seats");

        Assert.Contains("is 2", refused.GetProperty("detail").GetString());
        Assert.Equal(before, await _client.CountsAsync(eventId));
        Assert.True((await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 2, together = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("adjacent").GetBoolean());
    }

    [Fact]
    public async Task OnANumberedEventTogetherMeansConsecutiveNumbers()
    {
        var eventId = await _client.CreateEventAsync(6);
        await _client.HoldSeatsAsync(eventId, "2", "5");

        var hold = await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 2, together = true })).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(["3", "4"], hold.Strings("seats"));
        await (await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 2, together = true }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_adjacent_seats");
    }

    [Fact]
    public async Task TogetherWithNamedSeatsIs400()
    {
        var eventId = await _client.CreateEventAsync(6);

        await (await _client.PostJsonAsync("/holds", new { event_id = eventId, seats = new[] { "1", "2" }, together = true }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task AdjacentComesAfterTheExistingHoldFields()
    {
        var eventId = await _client.CreateEventAsync(6);

        var hold = await _client.HoldAsync(eventId, 2);

        var names = hold.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal("adjacent", names[^1]);
        Assert.Equal(["hold_id", "event_id", "qty", "seats"], names[..4]);
    }

    [Theory]
    [InlineData(null, new[] { "A3", "A4" })]
    [InlineData("centre", new[] { "A3", "A4" })]
    [InlineData("first", new[] { "A1", "A2" })]
    public async Task ASeatMapsPreferenceDecidesWhereInTheRowThePartySits(string? preference, string[] expected)
    {
        var created = await _client.PostJsonAsync("/events", new
        {
            name = "Preference " + Guid.NewGuid().ToString("N"),
            seat_map = preference is null
                ? (object)new { rows = new[] { new { row = "A", seats = 6 } } }
                : new { rows = new[] { new { row = "A", seats = 6 } }, preference },
        });
        var eventId = (await created.ReadJsonAsync(HttpStatusCode.Created)).Str("event_id");

        Assert.Equal(expected, (await _client.HoldAsync(eventId, 2)).Strings("seats"));
    }

    [Fact]
    public async Task AnUnknownPreferenceIs400NamingTheValidOnes()
    {
        var response = await _client.PostJsonAsync("/events", new
        {
            name = "Preference",
            seat_map = new { rows = new[] { new { row = "A", seats = 6 } }, preference = "middle" },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("\"first\"", problem.GetProperty("detail").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>PATCH /events/{id}: details and capacity change, never below what is held or booked, and durably.</summary>
public sealed class EventUpdateTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task DetailsChangeWithOneVersionAndANewETagAndSurviveAReload()
    {
        var eventId = await _client.CreateEventAsync(10);

        using var response = await PatchAsync(eventId, new { name = "Renamed", venue = "Hall B", starts_at = "2027-03-01T19:30:00Z" });

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed", body.Str("name"));
        Assert.Equal("\"1\"", response.Headers.ETag!.ToString());
        await fixture.Grains.DeactivateAllAsync();
        Assert.Equal("Renamed", (await _client.GetEventAsync(eventId)).Str("name"));
        var row = Assert.Single(await QueryAsync(fixture.ConnectionString, "SELECT name, venue, version FROM events WHERE event_id = $1", eventId));
        Assert.Equal(new object?[] { "Renamed", "Hall B", 1L }, row);
    }

    [Fact]
    public async Task DetailsAndCapacityStayThroughLaterCommitsAndAReload()
    {
        var eventId = await _client.CreateEventAsync(10);
        using var renamed = await PatchAsync(eventId, new { name = "Renamed", total_seats = 12 });
        await renamed.ReadJsonAsync(HttpStatusCode.OK);

        await _client.HoldAsync(eventId, 3);
        await fixture.Grains.DeactivateAllAsync();

        var row = Assert.Single(await QueryAsync(fixture.ConnectionString,
            "SELECT name, capacity, available, held, version FROM events WHERE event_id = $1", eventId));
        Assert.Equal(new object?[] { "Renamed", 12, 9, 3, 2L }, row);
        Assert.Equal("Renamed", (await _client.GetEventAsync(eventId)).Str("name"));
    }

    [Fact]
    public async Task CapacityGrowsAndTheNewSeatsCanBeHeld()
    {
        var eventId = await _client.CreateEventAsync(2);
        await _client.HoldAsync(eventId, 2);

        using var response = await PatchAsync(eventId, new { total_seats = 5 });

        Assert.Equal(5, (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        var hold = await _client.HoldAsync(eventId, 3);
        Assert.Equal(["3", "4", "5"], hold.Strings("seats"));
        Assert.Equal((0, 5, 0, 3L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task CapacityNeverDropsAHeldOrBookedSeat()
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldSeatsAsync(eventId, "7");

        using var tooSmall = await PatchAsync(eventId, new { total_seats = 6 });
        await tooSmall.AssertProblemAsync(HttpStatusCode.Conflict, "capacity_below_taken");
        Assert.Equal((9, 1, 0, 1L), await _client.CountsAsync(eventId));

        using var fits = await PatchAsync(eventId, new { total_seats = 7 });
        Assert.Equal(7, (await fits.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        Assert.Equal((6, 1, 0, 2L), await _client.CountsAsync(eventId));
        Assert.Equal(7L, await Db.ScalarAsync<long>(fixture.ConnectionString, "SELECT capacity::bigint FROM events WHERE event_id = $1", eventId));
    }

    [Fact]
    public async Task AStaleIfMatchGets412AndChangesNothing()
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 1);

        using var stale = await PatchAsync(eventId, new { name = "Too late" }, ifMatch: "\"0\"");
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version_mismatch");
        using var current = await PatchAsync(eventId, new { name = "In time" }, ifMatch: "\"1\"");

        Assert.Equal("In time", (await current.ReadJsonAsync(HttpStatusCode.OK)).Str("name"));
    }

    [Theory]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"total_seats\":0}")]
    [InlineData("{\"total_seats\":2000000}")]
    [InlineData("{\"total_seats\":\"ten\"}")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"title\":\"Renamed\"}")]
    [InlineData("{\"a\":[{\"a\":[{\"a\":[]}]}]}")]
    public async Task BadChangesGet400AndChangeNothing(string body)
    {
        var eventId = await _client.CreateEventAsync(10);

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/events/{eventId}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal((10, 0, 0, 0L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ASeatMappedEventKeepsTheCapacityOfItsMap()
    {
        var eventId = await _client.CreateMappedEventAsync(("A", 4));

        using var response = await PatchAsync(eventId, new { total_seats = 8 });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(4, (await _client.GetEventAsync(eventId)).GetProperty("total").GetInt32());
    }

    private Task<HttpResponseMessage> PatchAsync(string eventId, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/events/{eventId}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return _client.SendAsync(request);
    }
}

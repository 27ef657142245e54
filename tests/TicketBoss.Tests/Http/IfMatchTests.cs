using System.Net;
using System.Net.Http.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>Optimistic concurrency: an event read carries its version as an ETag; a change with a stale If-Match gets 412 and changes nothing.</summary>
public sealed class IfMatchTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task AHoldWithTheCurrentETagSucceedsAndAStaleOneGets412AndChangesNothing()
    {
        var eventId = await _client.CreateEventAsync(10);
        var etag = (await _client.GetAsync($"/events/{eventId}")).Headers.ETag!.ToString();
        Assert.Equal("\"0\"", etag);

        using var fresh = await SendAsync(HttpMethod.Post, "/holds", new { event_id = eventId, qty = 2 }, etag);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);

        using var stale = await SendAsync(HttpMethod.Post, "/holds", new { event_id = eventId, qty = 2 }, etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version_mismatch");
        Assert.Equal((8, 2, 0, 1L), await _client.CountsAsync(eventId));
        Assert.Equal("\"1\"", (await _client.GetAsync($"/events/{eventId}")).Headers.ETag!.ToString());
    }

    [Fact]
    public async Task RacingTwoHoldsWithTheSameETagLetsExactlyOneThrough()
    {
        var eventId = await _client.CreateEventAsync(10);
        var etag = (await _client.GetAsync($"/api/v1/events/{eventId}")).Headers.ETag!.ToString();

        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            SendAsync(HttpMethod.Post, "/api/v1/holds", new { event_id = eventId, qty = 1 }, etag)));

        Assert.Single(racers, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, racers.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal((9, 1, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ADirectBookingWithAStaleETagGets412AndBooksNothing()
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 1);

        using var stale = await SendAsync(HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "5" } }, "\"0\"");
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version_mismatch");
        using var current = await SendAsync(HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "5" } }, "\"1\"");
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        Assert.Equal((8, 1, 1, 2L), await _client.CountsAsync(eventId));
    }

    [Theory]
    [InlineData("*", HttpStatusCode.Created)]
    [InlineData("W/\"0\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"abc\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("not an etag", HttpStatusCode.BadRequest)]
    public async Task IfMatchFollowsRfc9110(string ifMatch, HttpStatusCode expected)
    {
        var eventId = await _client.CreateEventAsync(10);

        using var response = await SendAsync(HttpMethod.Post, "/holds", new { event_id = eventId, qty = 1 }, ifMatch);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 1L : 0L, (await _client.CountsAsync(eventId)).Version);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }
}

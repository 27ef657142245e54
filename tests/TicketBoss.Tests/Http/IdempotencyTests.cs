using System.Net;
using System.Net.Http.Json;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>Idempotency-Key: the first answer is replayed, a concurrent duplicate gets 409, and the record survives a restart.</summary>
public sealed class IdempotencyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ARetryWithTheSameKeyReplaysTheFirstAnswerAndHoldsOnce()
    {
        var eventId = await _client.CreateEventAsync(10);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync("/holds", new { event_id = eventId, qty = 2 }, key);
        using var retry = await PostAsync("/holds", new { event_id = eventId, qty = 2 }, key);

        var firstBody = await first.ReadJsonAsync(HttpStatusCode.Created);
        var retryBody = await retry.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(firstBody.Str("hold_id"), retryBody.Str("hold_id"));
        Assert.Equal(firstBody.Str("payment_token"), retryBody.Str("payment_token"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((8, 2, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ErrorAnswersBelow500AreStoredToo()
    {
        var eventId = await _client.CreateEventAsync(1);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync("/holds", new { event_id = eventId, qty = 2 }, key);
        await _client.PatchAsync($"/events/{eventId}", JsonContent.Create(new { total_seats = 5 }));
        using var retry = await PostAsync("/holds", new { event_id = eventId, qty = 2 }, key);

        await first.AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
        await retry.AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
        Assert.Equal(0, (await _client.CountsAsync(eventId)).Held);
    }

    [Fact]
    public async Task TheSameKeyForAnotherRequestGets422()
    {
        var eventId = await _client.CreateEventAsync(10);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync("/holds", new { event_id = eventId, qty = 1 }, key);
        using var other = await PostAsync("/holds", new { event_id = eventId, qty = 3 }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal((9, 1, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task ADuplicateWhileTheFirstIsRunningGets409WithRetryAfterAndThenTheReplay()
    {
        var eventId = await _client.CreateEventAsync(10);
        var key = Guid.NewGuid().ToString();
        await using var rowLock = await RowLock.TakeAsync(fixture.ConnectionString, eventId);

        // The first hold's commit waits on the row lock, so the request is still running.
        var first = PostAsync("/holds", new { event_id = eventId, qty = 1 }, key);
        await Task.Delay(300);
        using var duplicate = await PostAsync("/holds", new { event_id = eventId, qty = 1 }, key);
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_in_use");
        Assert.Equal(TimeSpan.FromSeconds(1), duplicate.Headers.RetryAfter?.Delta);
        await rowLock.ReleaseAsync();

        using var firstResponse = await first;
        using var later = await PostAsync("/holds", new { event_id = eventId, qty = 1 }, key);
        Assert.Equal((await firstResponse.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id"), (await later.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id"));
        Assert.Equal((9, 1, 0, 1L), await _client.CountsAsync(eventId));
    }

    [Fact]
    public async Task TheFirstAnswerIsReplayedAfterTheGatewayRestarts()
    {
        var database = TestDatabase.CreateIsolated("idem");
        var key = Guid.NewGuid().ToString();
        string holdId;
        string eventId;
        await using (var first = GatewayFixture.Start(database))
        {
            using var client = new HttpClient { BaseAddress = GatewayFixture.AddressOf(first) };
            eventId = await client.CreateEventAsync(10);
            using var response = await PostAsync(client, "/holds", new { event_id = eventId, qty = 3 }, key);
            holdId = (await response.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id");
            await first.StopAsync();
        }
        await using var second = GatewayFixture.Start(database);
        using var again = new HttpClient { BaseAddress = GatewayFixture.AddressOf(second) };

        using var retry = await PostAsync(again, "/holds", new { event_id = eventId, qty = 3 }, key);

        Assert.Equal(holdId, (await retry.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id"));
        Assert.Equal((7, 3, 0, 1L), await again.CountsAsync(eventId));
    }

    [Fact]
    public async Task KeysAreScopedToTheCaller()
    {
        await using var app = GatewayFixture.Start(TestDatabase.CreateIsolated("idemscope"), new Dictionary<string, string?>
        {
            ["Auth:PartnerKeys:acme"] = "acme-key",
            ["Auth:PartnerKeys:globex"] = "globex-key",
        });
        using var client = new HttpClient { BaseAddress = GatewayFixture.AddressOf(app) };
        var key = Guid.NewGuid().ToString();

        var ids = new List<string>();
        foreach (var (partner, apiKey) in new[] { ("acme", "acme-key"), ("globex", "globex-key"), ("acme", "acme-key") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/reservations") { Content = JsonContent.Create(new { partnerId = partner, seats = 1 }) };
            request.Headers.Add("Idempotency-Key", key);
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await client.SendAsync(request);
            ids.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).Str("reservationId"));
        }

        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    [InlineData(null)]
    public async Task AMalformedKeyGets400AndChangesNothing(string? key)
    {
        key ??= new string('k', 256);
        var eventId = await _client.CreateEventAsync(10);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/holds") { Content = JsonContent.Create(new { event_id = eventId, qty = 1 }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
        Assert.Equal(0L, (await _client.CountsAsync(eventId)).Version);
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body, string key) => PostAsync(_client, path, body, key);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

using System.Net;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>GET /events/{id}/stream: server-sent snapshots of every committed change, in order, to every subscriber.</summary>
public sealed class StreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task TwoSubscribersEachSeeEveryChangeInOrder()
    {
        var eventId = await _client.CreateEventAsync(10);
        await using var first = await Subscription.OpenAsync(_client, $"/events/{eventId}/stream");
        await using var second = await Subscription.OpenAsync(_client, $"/api/v1/events/{eventId}/stream");
        Assert.Equal(0, (await first.NextAsync()).GetProperty("version").GetInt64());
        Assert.Equal(0, (await second.NextAsync()).GetProperty("version").GetInt64());

        var hold = await _client.HoldAsync(eventId, 2);
        await _client.BookHoldAsync(hold);
        await _client.HoldAsync(eventId, 3);

        foreach (var subscriber in new[] { first, second })
        {
            var seen = new[] { await subscriber.NextAsync(), await subscriber.NextAsync(), await subscriber.NextAsync() };
            Assert.Equal([1L, 2L, 3L], seen.Select(s => s.GetProperty("version").GetInt64()));
            Assert.Equal([8, 8, 5], seen.Select(s => s.GetProperty("available").GetInt32()));
            Assert.Equal([0, 2, 2], seen.Select(s => s.GetProperty("booked").GetInt32()));
        }
    }

    [Fact]
    public async Task AnExpiryIsPushedWithoutAnyCall()
    {
        var eventId = await _client.CreateEventAsync(10);
        await using var subscriber = await Subscription.OpenAsync(_client, $"/events/{eventId}/stream");
        await subscriber.NextAsync();

        await _client.HoldAsync(eventId, 4, ttlSeconds: 1);

        Assert.Equal(4, (await subscriber.NextAsync()).GetProperty("held").GetInt32());
        var expired = await subscriber.NextAsync();
        Assert.Equal(0, expired.GetProperty("held").GetInt32());
        Assert.Equal(2, expired.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task LastEventIdResumesAfterTheVersionSeen()
    {
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 1);
        await _client.HoldAsync(eventId, 1);

        await using var resumed = await Subscription.OpenAsync(_client, $"/events/{eventId}/stream", lastEventId: "1");

        Assert.Equal(2, (await resumed.NextAsync()).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AnUnknownEventIs404()
    {
        using var response = await _client.GetAsync("/events/evt_nosuchevent/stream");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "event_not_found");
    }

    /// <summary>An open event stream, read one <c>snapshot</c> event at a time.</summary>
    private sealed class Subscription : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private Subscription(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<Subscription> OpenAsync(HttpClient client, string path, string? lastEventId = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new Subscription(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<JsonElement> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                }
            }
            throw new InvalidOperationException("The stream ended.");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

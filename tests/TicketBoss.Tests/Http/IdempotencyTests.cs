using System.Net;
using System.Net.Http.Json;
using TicketBoss.Tests.Infrastructure;
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
            using var client = GatewayClients.Create(first);
            eventId = await client.CreateEventAsync(10);
            using var response = await PostAsync(client, "/holds", new { event_id = eventId, qty = 3 }, key);
            holdId = (await response.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id");
            await first.StopAsync();
        }
        await using var second = GatewayFixture.Start(database);
        using var again = GatewayClients.Create(second);

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
        using var client = GatewayClients.Create(app);
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

    [Fact]
    public async Task AReplayed204HasNoBodyAndKeepsTheConnectionOpen()
    {
        // Found by the chaos run: replaying a stored 204 wrote its (empty) body, Kestrel threw and dropped the connection.
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancel) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = _client.BaseAddress };
        var eventId = await client.CreateEventAsync(10);
        var holdId = (await client.HoldAsync(eventId, 2)).Str("hold_id");
        var key = Guid.NewGuid().ToString();

        var answers = new List<(HttpStatusCode Status, string? Replayed, int BodyLength)>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"/holds/{holdId}");
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.TryGetValues("Idempotent-Replayed", out var v) ? v.Single() : null,
                (await response.Content.ReadAsByteArrayAsync()).Length));
        }
        var counts = await client.CountsAsync(eventId);

        Assert.Equal([(HttpStatusCode.NoContent, null, 0), (HttpStatusCode.NoContent, "true", 0), (HttpStatusCode.NoContent, "true", 0)], answers);
        Assert.Equal(1, connections);
        Assert.Equal((10, 0, 0, 2L), counts);
    }

    [Fact]
    public async Task AnAnswerWhoseRecordCannotBeWrittenStillReachesTheCaller()
    {
        // Found by the chaos run: with PostgreSQL restarting, the hold committed but its caller got a 500.
        var database = TestDatabase.CreateIsolated("idemstore");
        await using var app = GatewayFixture.Start(database);
        using var client = GatewayClients.Create(app);
        var eventId = await client.CreateEventAsync(10);
        await RefuseRecordWritesAsync(database, times: int.MaxValue);

        using var response = await PostAsync(client, "/holds", new { event_id = eventId, qty = 3 }, Guid.NewGuid().ToString());

        var hold = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(3, hold.GetProperty("qty").GetInt32());
        Assert.Equal((7, 3, 0, 1L), await client.CountsAsync(eventId));
        Assert.True(await Db.ScalarAsync<long>(database, "SELECT last_value FROM record_attempts") >= 2, "the record write was not retried");
        Assert.Equal(0L, await RecordsAsync(database));
    }

    [Fact]
    public async Task ARecordRefusedForAPassingReasonIsWrittenOnRetryAndReplayed()
    {
        // Found by the chaos run: a PostgreSQL restart refused the record, and a retry with the key booked again.
        var database = TestDatabase.CreateIsolated("idemretry");
        await using var app = GatewayFixture.Start(database);
        using var client = GatewayClients.Create(app);
        var eventId = await client.CreateEventAsync(10);
        await RefuseRecordWritesAsync(database, times: 2);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(client, "/holds", new { event_id = eventId, qty = 2 }, key);
        using var retry = await PostAsync(client, "/holds", new { event_id = eventId, qty = 2 }, key);

        Assert.Equal((await first.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id"), (await retry.ReadJsonAsync(HttpStatusCode.Created)).Str("hold_id"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((8, 2, 0, 1L), await client.CountsAsync(eventId));
        Assert.Equal(3L, await Db.ScalarAsync<long>(database, "SELECT last_value FROM record_attempts"));
        Assert.Equal(1L, await RecordsAsync(database));
    }

    /// <summary>
    /// Makes PostgreSQL refuse the next <paramref name="times"/> idempotency record writes with a transient error (40001).
    /// The records are the state "idempotency" of the idempotency grains, rows of Orleans's storage table; a first
    /// write inserts the row, a later one updates it.
    /// </summary>
    private static Task RefuseRecordWritesAsync(string database, int times) => QueryAsync(database, $$"""
        CREATE SEQUENCE record_attempts;
        CREATE FUNCTION refuse_record() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            -- nextval is not rolled back with the refused write.
            IF nextval('record_attempts') <= {{times}} THEN RAISE EXCEPTION 'record refused by the test' USING ERRCODE = '40001'; END IF;
            RETURN NEW;
        END $f$;
        CREATE TRIGGER refuse_record BEFORE INSERT OR UPDATE ON orleans_storage
            FOR EACH ROW WHEN (NEW.grain_type = 'idempotency') EXECUTE FUNCTION refuse_record();
        """);

    /// <summary>Idempotency records written (non-empty rows of the grain state "idempotency").</summary>
    private static async Task<long> RecordsAsync(string database) => (long)Assert.Single(await QueryAsync(database,
        "SELECT count(*) FROM orleans_storage WHERE grain_type = 'idempotency' AND payload IS NOT NULL"))[0]!;

    private Task<HttpResponseMessage> PostAsync(string path, object body, string key) => PostAsync(_client, path, body, key);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

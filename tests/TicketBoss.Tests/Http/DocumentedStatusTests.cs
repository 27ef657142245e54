using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// Route by route, the statuses the OpenAPI document lists are the statuses the gateway answers: this test drives
/// every route through every status it documents, and every HTTP test's client (<see cref="StatusCheckHandler"/>)
/// fails on a status its route does not document. Together: documented, and nothing else.
/// </summary>
public sealed class DocumentedStatusTests(GatewayFixture open, ApiKeyFixture keyed) : IClassFixture<GatewayFixture>, IClassFixture<ApiKeyFixture>
{
    /// <summary>Statuses no test here can provoke on demand, and why.</summary>
    private static readonly Dictionary<(string Route, int Status), string> Exempt = new()
    {
        [("GET /reservations", 404)] = "the partner event is created at start-up; only a database emptied under a running gateway loses it",
    };

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> _seen = new();

    [Fact]
    public async Task EveryRouteAnswersEveryStatusItDocuments()
    {
        var documented = DocumentedStatuses.Of(open.Services);
        using var client = Client(open.Client.BaseAddress!, open.Services);
        using var keys = Client(keyed.Client.BaseAddress!, keyed.Gateway.Services);
        var eventId = await client.CreateEventAsync(10);

        foreach (var route in documented.ByRoute.Keys)
        {
            await DriveCommonAsync(route, documented.ByRoute[route], client, keys, eventId);
        }
        await DriveOwnStatusesAsync(client, keys);
        await DriveRateLimitAsync(documented);
        await DriveUnavailableAsync(documented);

        var missing = documented.ByRoute
            .SelectMany(r => r.Value.Where(s => !Exempt.ContainsKey((r.Key, s)) && !Seen(r.Key).Contains(s)).Select(s => $"{r.Key} {s}"))
            .ToList();
        Assert.True(missing.Count == 0, "documented but never answered: " + string.Join(", ", missing));
    }

    private HttpClient Client(Uri address, IServiceProvider services) =>
        GatewayClients.Create(address, services, (route, status) => _seen.GetOrAdd(route, _ => new()).TryAdd(status, true));

    private ICollection<int> Seen(string route) => _seen.TryGetValue(route, out var statuses) ? statuses.Keys : [];

    /// <summary>The answers the middleware gives on any route: keys, body, media type, size, idempotency, dot segments.</summary>
    private async Task DriveCommonAsync(string route, HashSet<int> statuses, HttpClient client, HttpClient keys, string eventId)
    {
        var method = new HttpMethod(route.Split(' ')[0]);
        var path = route.Split(' ')[1].Replace("/events/{id}", $"/events/{eventId}").Replace("{id}", $"hld_unknown00000.{eventId}").Replace("{reservationId}", "rsv_unknown00000.node-meetup-2025");
        var hasBody = statuses.Contains(415);
        HttpRequestMessage Request(string? json = null, string? key = null, string? otherPath = null)
        {
            var request = new HttpRequestMessage(method, otherPath ?? path);
            if (hasBody)
            {
                request.Content = new StringContent(json ?? "{\"togther\":true}", Encoding.UTF8, "application/json");
            }
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }
            return request;
        }

        using (var wrongKey = Request())
        {
            wrongKey.Headers.Add("X-Api-Key", ApiKeyFixture.WrongKey);
            (await keys.SendAsync(wrongKey)).Dispose();
        }
        if (hasBody)
        {
            (await client.SendAsync(Request())).Dispose();
            using var text = new HttpRequestMessage(method, path) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
            (await client.SendAsync(text)).Dispose();
            using var large = new HttpRequestMessage(method, path) { Content = new StringContent(new string(' ', 2 * 1024 * 1024) + "{}", Encoding.UTF8, "application/json") };
            // The gateway refuses the size from Content-Length; with 100-continue the client waits for that answer instead of writing 2 MB into a closed connection.
            large.Headers.ExpectContinue = true;
            (await client.SendAsync(large)).Dispose();
        }
        if (method == HttpMethod.Post || method == HttpMethod.Delete)
        {
            (await client.SendAsync(Request(key: new string('k', 300)))).Dispose();
            var reused = Guid.NewGuid().ToString();
            (await client.SendAsync(Request("{\"togther\":1}", reused))).Dispose();
            (await client.SendAsync(Request("{\"togther\":2}", reused, path.Replace("unknown00000", "unknown00001")))).Dispose();
            var running = Guid.NewGuid().ToString();
            await open.Grains.GetGrain<IIdempotencyGrain>($"public|{running}").ClaimAsync(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("another request"))));
            (await client.SendAsync(Request(key: running))).Dispose();
        }
        if (route.Contains('{'))
        {
            var status = await RawStatusAsync(client.BaseAddress!, method.Method, path.Replace("hld_unknown00000." + eventId, "%2e%2e").Replace("rsv_unknown00000.node-meetup-2025", "%2e%2e").Replace(eventId, "%2e%2e"));
            _seen.GetOrAdd(route, _ => new()).TryAdd(status, true);
        }
    }

    /// <summary>Each route's own answers: success, conditional, unknown, conflict, gone, forbidden, stale.</summary>
    private static async Task DriveOwnStatusesAsync(HttpClient c, HttpClient k)
    {
        var eventId = await c.CreateEventAsync(10);
        var admin = (HttpRequestMessage r) => Keyed(r, ApiKeyFixture.AdminKey);
        var acme = (HttpRequestMessage r) => Keyed(r, ApiKeyFixture.AcmeKey);

        // Events
        await SendAsync(k, Keyed(Json(HttpMethod.Post, "/events", new { name = "x", total_seats = 5 }), ApiKeyFixture.AcmeKey));
        await SendAsync(k, new HttpRequestMessage(HttpMethod.Post, "/events") { Content = JsonContent.Create(new { name = "x", total_seats = 5 }) });
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, "/events?page_size=0"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, "/events"));
        foreach (var read in new[] { "", "/status", "/seats" })
        {
            await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/events/{eventId}{read}"));
            await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/events/evt_nosuchevent0{read}"));
            var conditional = new HttpRequestMessage(HttpMethod.Get, $"/events/{eventId}{read}");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", "*");
            await SendAsync(c, conditional);
        }
        using (var stream = await c.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/events/{eventId}/stream"), HttpCompletionOption.ResponseHeadersRead))
        {
        }
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, "/events/evt_nosuchevent0/stream"));
        await SendAsync(c, Json(HttpMethod.Patch, $"/events/{eventId}", new { venue = "Hall" }));
        await SendAsync(c, Json(HttpMethod.Patch, "/events/evt_nosuchevent0", new { venue = "Hall" }));
        await SendAsync(k, acme(Json(HttpMethod.Patch, "/events/evt_nosuchevent0", new { venue = "Hall" })));
        await SendAsync(c, IfMatch(Json(HttpMethod.Patch, $"/events/{eventId}", new { venue = "Hall" }), "\"999\""));

        // Holds and bookings
        var hold = await c.HoldAsync(eventId, 2);
        await SendAsync(c, Json(HttpMethod.Patch, $"/events/{eventId}", new { total_seats = 1 }));
        await SendAsync(c, Json(HttpMethod.Post, "/holds", new { event_id = "evt_nosuchevent0", qty = 1 }));
        await SendAsync(c, Json(HttpMethod.Post, "/holds", new { event_id = eventId, qty = 9 }));
        await SendAsync(c, IfMatch(Json(HttpMethod.Post, "/holds", new { event_id = eventId, qty = 1 }), "\"999\""));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/holds/{hold.Str("hold_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/holds/hld_unknown00000.{eventId}"));
        await SendAsync(c, Json(HttpMethod.Post, "/book", new { hold_id = hold.Str("hold_id"), payment_token = "wrong" }));
        await SendAsync(c, Json(HttpMethod.Post, "/book", new { hold_id = $"hld_unknown00000.{eventId}", payment_token = "x" }));
        var booking = await c.BookHoldAsync(hold);
        await SendAsync(c, Json(HttpMethod.Post, "/book", new { hold_id = hold.Str("hold_id"), payment_token = hold.Str("payment_token") }));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/holds/{hold.Str("hold_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Post, $"/holds/{hold.Str("hold_id")}/expire"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Post, $"/holds/hld_unknown00000.{eventId}/expire"));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Post, "/holds/hld_unknown00000.evt_nosuchevent0/expire")));
        var released = await c.HoldAsync(eventId, 1);
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/holds/{released.Str("hold_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/holds/{released.Str("hold_id")}x"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/holds/{released.Str("hold_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Post, $"/holds/{released.Str("hold_id")}/expire"));
        await SendAsync(c, Json(HttpMethod.Post, "/book", new { hold_id = released.Str("hold_id"), payment_token = released.Str("payment_token") }));
        var expiring = await c.HoldAsync(eventId, 1);
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Post, $"/holds/{expiring.Str("hold_id")}/expire"));
        await SendAsync(c, Json(HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "9" } }));
        await SendAsync(c, Json(HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "9" } }));
        await SendAsync(c, Json(HttpMethod.Post, "/bookings", new { event_id = "evt_nosuchevent0", seats = new[] { "9" } }));
        await SendAsync(c, IfMatch(Json(HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "8" } }), "\"999\""));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/bookings/{booking.Str("booking_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"/bookings/bkg_unknown00000.{eventId}"));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Delete, $"/bookings/bkg_unknown00000.{eventId}")));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/bookings/{booking.Str("booking_id")}"));
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Delete, $"/bookings/{booking.Str("booking_id")}"));

        // Partners, on the keyed gateway: 403 for another partner, 409 once its event is full
        await SendAsync(c, Json(HttpMethod.Post, "/reservations", new { partnerId = "acme", seats = 0 }));
        await SendAsync(k, acme(Json(HttpMethod.Post, "/reservations", new { partnerId = "globex", seats = 1 })));
        var reserved = await (await k.SendAsync(acme(Json(HttpMethod.Post, "/reservations", new { partnerId = "acme", seats = 1 })))).ReadJsonAsync(HttpStatusCode.Created);
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Get, $"/reservations/{reserved.Str("reservationId")}")));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Get, "/reservations/rsv_unknown00000.node-meetup-2025")));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Delete, $"/reservations/{reserved.Str("reservationId")}")));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Delete, $"/reservations/{reserved.Str("reservationId")}")));
        await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Get, "/reservations")));
        for (var full = false; !full;)
        {
            using var answer = await k.SendAsync(acme(Json(HttpMethod.Post, "/reservations", new { partnerId = "acme", seats = 10 })));
            full = answer.StatusCode == HttpStatusCode.Conflict;
        }

        // Single seats and operations
        await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, "/seats"));
        await SendAsync(c, Json(HttpMethod.Post, "/reserve", new { seat_id = "B7", user_id = "u1" }));
        await SendAsync(c, Json(HttpMethod.Post, "/reserve", new { seat_id = "B7", user_id = "u2" }));
        await SendAsync(c, Json(HttpMethod.Post, "/reserve", new { seat_id = "Z99", user_id = "u1" }));
        foreach (var path in new[] { "/metrics", "/cluster", "/health", "/health/ready", "/health/live" })
        {
            await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, path));
            await SendAsync(k, acme(new HttpRequestMessage(HttpMethod.Get, path)));
            await SendAsync(k, new HttpRequestMessage(HttpMethod.Get, path));
        }
        await SendAsync(k, admin(new HttpRequestMessage(HttpMethod.Get, "/cluster")));
    }

    /// <summary>429 on every route, from a gateway whose callers get one request at a time.</summary>
    private async Task DriveRateLimitAsync(DocumentedStatuses documented)
    {
        await using var limited = GatewayFixture.Start(TestDatabase.CreateIsolated("statuses"), new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerSecond"] = "1",
            ["RateLimit:Burst"] = "1",
        });
        using var client = Client(limited.Address, limited.Services);
        foreach (var route in documented.ByRoute.Keys)
        {
            var method = new HttpMethod(route.Split(' ')[0]);
            var path = route.Split(' ')[1].Replace("{id}", "x").Replace("{reservationId}", "x");
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(method, path);
                (await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)).Dispose();
            }
        }
    }

    /// <summary>503 on every route that needs the cluster or PostgreSQL, from a gateway whose database stops taking connections.</summary>
    private async Task DriveUnavailableAsync(DocumentedStatuses documented)
    {
        var database = TestDatabase.CreateIsolated("unavailable");
        await using var gateway = GatewayFixture.Start(database);
        using var client = Client(gateway.Address, gateway.Services);
        var eventId = await client.CreateEventAsync(5);
        var bodies = new Dictionary<string, object>
        {
            ["POST /events"] = new { name = "x", total_seats = 5 },
            ["PATCH /events/{id}"] = new { venue = "x" },
            ["POST /holds"] = new { event_id = eventId, qty = 1 },
            ["POST /book"] = new { hold_id = $"hld_unknown00000.{eventId}", payment_token = "t" },
            ["POST /bookings"] = new { event_id = eventId, seats = new[] { "1" } },
            ["POST /reservations"] = new { partnerId = "acme", seats = 1 },
            ["POST /reserve"] = new { seat_id = "A1", user_id = "u" },
        };
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database!;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false");
        await ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        try
        {
            foreach (var route in documented.ByRoute.Keys)
            {
                var method = new HttpMethod(route.Split(' ')[0]);
                var path = route.Split(' ')[1].Replace("/events/{id}", $"/events/{eventId}").Replace("/holds/{id}", $"/holds/hld_unknown00000.{eventId}")
                    .Replace("/bookings/{id}", $"/bookings/bkg_unknown00000.{eventId}").Replace("{reservationId}", $"rsv_unknown00000.{eventId}");
                using var request = bodies.TryGetValue(route, out var body) ? Json(method, path, body) : new HttpRequestMessage(method, path);
                (await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)).Dispose();
            }
        }
        finally
        {
            // Open again, so that the gateway leaves the cluster gracefully.
            await ExecuteAsync(admin, $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body, options: Verbatim) };

    private static HttpRequestMessage Keyed(HttpRequestMessage request, string key)
    {
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static HttpRequestMessage IfMatch(HttpRequestMessage request, string tag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", tag);
        return request;
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            (await client.SendAsync(request)).Dispose();
        }
    }

    /// <summary>The status of a request sent as raw bytes: HttpClient would resolve the dot segments before sending.</summary>
    private static async Task<int> RawStatusAsync(Uri server, string method, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var body = method is "POST" or "PATCH" ? "{}" : "";
        var head = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace TicketBoss.Tests.Http;

/// <summary>Small helpers for talking JSON to the gateway and reading its answers and its database.</summary>
internal static class HttpTestHelpers
{
    public const string PartnerEventId = "node-meetup-2025";
    public const string SeatEventId = "main-hall";

    /// <summary>Serializes property names exactly as written (the tests spell snake_case and camelCase themselves).</summary>
    public static readonly JsonSerializerOptions Verbatim = new(JsonSerializerDefaults.General);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Verbatim);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostRawAsync(path, Encoding.UTF8.GetBytes(body));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync(path, content);
    }

    /// <summary>The body as JSON, after asserting the status and the JSON content type.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Parse(text);
    }

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 answer with the given status and stable <c>code</c> (any code when null).</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return AssertProblemBody(response, text, code);
    }

    /// <summary>Asserts a problem body (problem+json, <c>status</c> equal to the HTTP status, a string <c>code</c>).</summary>
    public static JsonElement AssertProblemBody(HttpResponseMessage response, string text, string? code = null)
    {
        Assert.True(
            response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"expected application/problem+json, got {response.Content.Headers.ContentType}: {text}");
        var problem = Parse(text);
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        Assert.True(problem.TryGetProperty("code", out var actual) && actual.ValueKind == JsonValueKind.String, $"no code member: {text}");
        if (code is not null)
        {
            Assert.Equal(code, actual.GetString());
        }
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts the partner family's error shape: <c>{"error": "..."}</c> as application/json.</summary>
    public static async Task<string> AssertPartnerErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = Parse(text);
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetString()));
        return error.GetString()!;
    }

    public static async Task<string> CreateEventAsync(this HttpClient client, int totalSeats, string prefix = "")
    {
        var response = await client.PostJsonAsync($"{prefix}/events", new { name = $"Test event {Guid.NewGuid():N}", total_seats = totalSeats });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("event_id").GetString()!;
    }

    /// <summary>An event with a seat map: rows given as (row label, seat count).</summary>
    public static async Task<string> CreateMappedEventAsync(this HttpClient client, params (string Row, int Seats)[] rows)
    {
        var response = await client.PostJsonAsync("/events", new
        {
            name = "Mapped " + Guid.NewGuid().ToString("N"),
            seat_map = new { rows = rows.Select(r => new { row = r.Row, seats = r.Seats }).ToArray() },
        });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("event_id").GetString()!;
    }

    public static async Task<JsonElement> GetEventAsync(this HttpClient client, string eventId)
    {
        var response = await client.GetAsync($"/events/{eventId}");
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>(available, held, booked, version) of an event.</summary>
    public static async Task<(int Available, int Held, int Booked, long Version)> CountsAsync(this HttpClient client, string eventId)
    {
        var e = await client.GetEventAsync(eventId);
        return (e.GetProperty("available").GetInt32(), e.GetProperty("held").GetInt32(), e.GetProperty("booked").GetInt32(),
            e.GetProperty("version").GetInt64());
    }

    public static async Task<JsonElement> HoldAsync(this HttpClient client, string eventId, int qty, int? ttlSeconds = null)
    {
        var response = ttlSeconds is { } ttl
            ? await client.PostJsonAsync("/holds", new { event_id = eventId, qty, ttl_seconds = ttl })
            : await client.PostJsonAsync("/holds", new { event_id = eventId, qty });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> HoldSeatsAsync(this HttpClient client, string eventId, params string[] seats)
    {
        var response = await client.PostJsonAsync("/holds", new { event_id = eventId, seats });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> BookHoldAsync(this HttpClient client, JsonElement hold)
    {
        var response = await client.PostJsonAsync("/book", new { hold_id = Str(hold, "hold_id"), payment_token = Str(hold, "payment_token") });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static string[] Strings(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(s => s.GetString()!).ToArray();

    /// <summary>Each seat's label and status from GET /events/{id}/seats.</summary>
    public static async Task<Dictionary<string, string>> SeatStatusesAsync(this HttpClient client, string eventId)
    {
        var seats = await (await client.GetAsync($"/events/{eventId}/seats")).ReadJsonAsync(HttpStatusCode.OK);
        return seats.GetProperty("seats").EnumerateArray().ToDictionary(s => s.Str("label"), s => s.Str("status"));
    }

    /// <summary>Runs a query against the gateway's database and returns every row's values.</summary>
    public static async Task<List<object?[]>> QueryAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }
}

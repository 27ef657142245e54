using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TicketBoss.Bench.Scenarios;

/// <summary>The few Box Office calls the scenarios make, over one pooled HTTP/1.1 client with a connection per worker.</summary>
internal sealed class BoxOfficeClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public BoxOfficeClient(Uri url, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<string> CreateEventAsync(string name, int seats)
    {
        using var response = await _http.PostAsJsonAsync("/events", new { name, total_seats = seats });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetString()!;
    }

    /// <summary>A POST of a prepared JSON body; returns the status and, when asked, the answer's JSON.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, byte[] body, bool readBody = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(path, content);
        if (!readBody)
        {
            await response.Content.CopyToAsync(Stream.Null);
            return ((int)response.StatusCode, default);
        }
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static byte[] Body(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value));

    /// <summary>The event's counts as the service reports them.</summary>
    public async Task<(int Total, int Available, int Held, int Booked)> CountsAsync(string eventId)
    {
        var e = await _http.GetFromJsonAsync<JsonElement>($"/events/{eventId}");
        return (e.GetProperty("total").GetInt32(), e.GetProperty("available").GetInt32(), e.GetProperty("held").GetInt32(), e.GetProperty("booked").GetInt32());
    }

    public void Dispose() => _http.Dispose();
}

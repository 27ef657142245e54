using System.Text;
using System.Text.Json;

namespace TicketBoss.Chaos.Load;

/// <summary>Sends requests to the gateway and records each one, with its answer, in the history.</summary>
internal sealed class RecordingClient(Uri gateway, History history, TimeSpan timeout, int connections) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = gateway,
        // Each request has its own deadline below, so that a timeout is recorded as such.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public History History => history;

    public async Task<HistoryEntry> SendAsync(RequestSpec spec, SendReason reason, int worker, CancellationToken interrupt)
    {
        var id = history.NextId();
        var started = DateTimeOffset.UtcNow;
        HistoryEntry entry;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(spec.Method, spec.Path);
            if (spec.Body is not null)
            {
                request.Content = new StringContent(spec.Body, Encoding.UTF8, "application/json");
            }
            if (spec.IdempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", spec.IdempotencyKey);
            }
            using var response = await _http.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            // The partner family says "still in flight" only in words; 409 with Retry-After is that answer in every family.
            var code = response.StatusCode == System.Net.HttpStatusCode.Conflict && response.Headers.RetryAfter is not null
                ? HistoryEntry.KeyInUse
                : ErrorCodeOf(body);
            entry = new HistoryEntry(id, worker, spec.Kind, reason, spec.EventId, spec.Method.Method, spec.Path, spec.IdempotencyKey, spec.Body,
                started, DateTimeOffset.UtcNow, (int)response.StatusCode, body, code, response.Headers.Contains("Idempotent-Replayed"));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException && !interrupt.IsCancellationRequested)
        {
            var code = e is OperationCanceledException ? "client_timeout" : e.GetType().Name;
            entry = new HistoryEntry(id, worker, spec.Kind, reason, spec.EventId, spec.Method.Method, spec.Path, spec.IdempotencyKey, spec.Body,
                started, DateTimeOffset.UtcNow, 0, e.Message, code, false);
        }
        history.Add(entry);
        return entry;
    }

    /// <summary>The problem's <c>code</c>, or the partner family's <c>error</c> message.</summary>
    private static string? ErrorCodeOf(string body)
    {
        if (!body.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()
                : json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return "unparsable_body";
        }
    }

    public void Dispose() => _http.Dispose();
}

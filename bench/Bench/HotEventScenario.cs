using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace TicketBoss.Bench;

/// <summary>Many connections placing holds on one event as fast as the service answers.</summary>
internal static class HotEventScenario
{
    public static async Task<BenchResult> RunAsync(BenchOptions options)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var created = await http.PostAsJsonAsync("/events", new { name = "bench hot event", total_seats = options.Capacity });
        created.EnsureSuccessStatusCode();
        var eventId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetString()!;
        var body = JsonSerializer.Serialize(new { event_id = eventId, qty = options.Quantity, ttl_seconds = 900 });

        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            var statuses = new Dictionary<int, int>();
            while (stop.Elapsed.TotalSeconds < options.Seconds)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("/holds", content);
                    await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                }
                catch (Exception)
                {
                    status = 0;
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            return (latencies, statuses);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = stop.Elapsed;

        var snapshot = await http.GetFromJsonAsync<JsonElement>($"/events/{eventId}");
        return new BenchResult(
            eventId,
            elapsed,
            results.SelectMany(r => r.latencies).Order().ToArray(),
            results.SelectMany(r => r.statuses).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)),
            snapshot.GetProperty("total").GetInt32(),
            snapshot.GetProperty("available").GetInt32(),
            snapshot.GetProperty("held").GetInt32(),
            snapshot.GetProperty("booked").GetInt32(),
            options.Quantity);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace TicketBoss.Bench.Scenarios;

/// <summary>
/// Hold expiry lateness: many short holds over many events, left to expire, then the service's own histogram
/// (<c>ticketboss_ticketing_holds_expiry_lateness</c>, from expires_at to the commit that returned the seats)
/// read from /metrics. Percentiles are bucket upper bounds.
/// </summary>
internal static partial class ExpiryScenario
{
    public static async Task<LoadResult> RunAsync(Uri url, int connections, int events, int ttlSeconds)
    {
        using var client = new BoxOfficeClient(url, connections);
        var ids = new string[events];
        await Parallel.ForAsync(0, events, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            ids[i] = await client.CreateEventAsync($"bench expiry {i}", 1_000));
        var before = await LatenessAsync(url);
        var bodies = ids.Select(id => BoxOfficeClient.Body(new { event_id = id, qty = 1, ttl_seconds = ttlSeconds })).ToArray();
        // Holds are placed for half the TTL, so that expiries fall due while holds are still being placed.
        var result = await LoadDriver.RunAsync($"hold expiry, {events:N0} events, ttl {ttlSeconds} s", connections, TimeSpan.FromSeconds(ttlSeconds / 2.0), async _ =>
            new LoadDriver.Answer((await client.PostAsync("/holds", bodies[Random.Shared.Next(events)])).Status));
        await Task.Delay(TimeSpan.FromSeconds(ttlSeconds + 5));
        var after = await LatenessAsync(url);
        var counts = after.Buckets.Select((n, i) => n - (before.Buckets.Count > i ? before.Buckets[i] : 0)).ToArray();
        var expired = counts.Length == 0 ? 0 : counts[^1];
        string At(double p)
        {
            var i = Array.FindIndex(counts, n => n >= p * expired);
            return i < 0 ? "?" : i < after.Bounds.Count ? $"≤ {after.Bounds[i]} ms" : "> last bucket";
        }
        var stillHeld = 0;
        foreach (var id in ids)
        {
            stillHeld += (await client.CountsAsync(id)).Held;
        }
        result.CheckPassed = stillHeld == 0 && expired > 0;
        result.Check = string.Create(CultureInfo.InvariantCulture,
            $"{expired:N0} holds expired; lateness p50 {At(0.5)}, p99 {At(0.99)}, p99.9 {At(0.999)}; seats still held afterwards: {stillHeld}");
        return result;
    }

    private static async Task<(IReadOnlyList<string> Bounds, IReadOnlyList<long> Buckets)> LatenessAsync(Uri url)
    {
        using var http = new HttpClient { BaseAddress = url };
        var text = await http.GetStringAsync("/metrics");
        var bounds = new List<string>();
        var buckets = new List<long>();
        foreach (Match m in Bucket().Matches(text))
        {
            bounds.Add(m.Groups[1].Value);
            buckets.Add(long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        // Cumulative buckets per series; with one silo there is one series (+Inf last).
        return (bounds.Take(bounds.Count - 1).ToList(), buckets);
    }

    [GeneratedRegex(@"^ticketboss_ticketing_holds_expiry_lateness_bucket\{(?:[^}]*,)?le=""([^""]+)""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Bucket();
}

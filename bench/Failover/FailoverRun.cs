using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace TicketBoss.Failover;

/// <summary>The run: set up events, load them, kill a silo mid-way, then check what the service promised.</summary>
internal sealed class FailoverRun(FailoverOptions options)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers * 2 })
    {
        BaseAddress = options.Url,
        Timeout = TimeSpan.FromSeconds(40),
    };
    private readonly ConcurrentBag<Operation> _operations = [];
    private readonly ConcurrentBag<string> _bookings = [];

    public async Task<Verdict> ExecuteAsync()
    {
        var before = await SilosAsync();
        if (before.Count(s => s.Status == "Active" && !s.IsGateway) < 2)
        {
            throw new InvalidOperationException("Start a cluster first: ./run.sh --silos 3");
        }
        var events = await CreateEventsAsync();
        var started = DateTimeOffset.UtcNow;
        var load = Task.WhenAll(Enumerable.Range(0, options.Workers).Select(w => WorkAsync(events, w, started)));
        await Task.Delay(TimeSpan.FromSeconds(options.KillAfterSeconds));
        // The silo process with the most events; not the gateway, which is a silo too but also this run's HTTP endpoint.
        var victim = (await SilosAsync()).Where(s => s.Status == "Active" && !s.IsGateway).OrderByDescending(s => s.Events).First();
        var killedAt = DateTimeOffset.UtcNow;
        Process.GetProcessById(victim.Pid).Kill();
        await load;
        var loadEnded = DateTimeOffset.UtcNow;

        var expiry = await WaitForHoldsToExpireAsync(events);
        var lostBookings = await CountUnreadableBookingsAsync();
        var counts = await CheckCountsAsync(events);
        var after = await SilosAsync();
        return new Verdict(
            [.. _operations], _bookings.Count, lostBookings, counts, victim, killedAt, loadEnded - started, expiry, before, after);
    }

    private async Task<List<string>> CreateEventsAsync()
    {
        var ids = new List<string>();
        for (var i = 0; i < options.Events; i++)
        {
            var response = await _http.PostAsJsonAsync("/events", new { name = $"failover {i}", total_seats = 100_000 });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetString()!);
        }
        return ids;
    }

    private async Task WorkAsync(List<string> events, int worker, DateTimeOffset started)
    {
        var random = new Random(worker);
        while (DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(options.Seconds))
        {
            var eventId = events[random.Next(events.Count)];
            var hold = await SendAsync(eventId, "hold", "/holds", new { event_id = eventId, qty = 1 + random.Next(2), ttl_seconds = options.TtlSeconds });
            if (hold is { } held && random.Next(2) == 0)
            {
                var booking = await SendAsync(eventId, "book", "/book",
                    new { hold_id = held.GetProperty("hold_id").GetString(), payment_token = held.GetProperty("payment_token").GetString() });
                if (booking is { } booked)
                {
                    _bookings.Add(booked.GetProperty("booking_id").GetString()!);
                }
            }
        }
    }

    /// <summary>Sends one request and records it; returns the body of a success.</summary>
    private async Task<JsonElement?> SendAsync(string eventId, string kind, string path, object body)
    {
        var sent = DateTimeOffset.UtcNow;
        try
        {
            using var response = await _http.PostAsJsonAsync(path, body);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var ok = response.IsSuccessStatusCode;
            var code = !ok && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var c) ? c.GetString() : null;
            _operations.Add(new Operation(eventId, kind, sent, DateTimeOffset.UtcNow, (int)response.StatusCode, code));
            return ok ? json : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            _operations.Add(new Operation(eventId, kind, sent, DateTimeOffset.UtcNow, 0, e.GetType().Name));
            return null;
        }
    }

    /// <summary>Polls until no event holds seats; returns when that happened and how late it was past the last possible expiry.</summary>
    private async Task<ExpiryResult> WaitForHoldsToExpireAsync(List<string> events)
    {
        var lastExpiry = _operations.Where(o => o.Kind == "hold").Max(o => o.SentAt) + TimeSpan.FromSeconds(options.TtlSeconds);
        var giveUp = lastExpiry + TimeSpan.FromSeconds(options.DetectionSeconds * 3);
        while (true)
        {
            var held = 0;
            foreach (var id in events)
            {
                held += (await _http.GetFromJsonAsync<JsonElement>($"/events/{id}")).GetProperty("held").GetInt32();
            }
            var now = DateTimeOffset.UtcNow;
            if (held == 0 || now > giveUp)
            {
                return new ExpiryResult(held, now - lastExpiry);
            }
            await Task.Delay(250);
        }
    }

    private async Task<int> CountUnreadableBookingsAsync()
    {
        var lost = 0;
        foreach (var id in _bookings)
        {
            using var response = await _http.GetAsync($"/bookings/{id}");
            lost += response.IsSuccessStatusCode ? 0 : 1;
        }
        return lost;
    }

    private async Task<List<string>> CheckCountsAsync(List<string> events)
    {
        var broken = new List<string>();
        foreach (var id in events)
        {
            var e = await _http.GetFromJsonAsync<JsonElement>($"/events/{id}");
            int Get(string name) => e.GetProperty(name).GetInt32();
            if (Get("available") + Get("held") + Get("booked") != Get("total") || Get("available") < 0)
            {
                broken.Add($"{id}: available {Get("available")} + held {Get("held")} + booked {Get("booked")} != {Get("total")}");
            }
        }
        return broken;
    }

    private async Task<List<Silo>> SilosAsync()
    {
        var cluster = await _http.GetFromJsonAsync<JsonElement>("/cluster");
        return [.. cluster.GetProperty("silos").EnumerateArray().Select(s => new Silo(
            s.GetProperty("name").GetString()!, s.GetProperty("status").GetString()!, s.GetProperty("activations").GetInt32(),
            s.GetProperty("events").GetInt32(), s.GetProperty("this_gateway").GetBoolean()))];
    }
}

/// <summary>A silo as /cluster shows it. Its name ends with its process id (<c>{machine}-{pid}</c>, the default).</summary>
internal sealed record Silo(string Name, string Status, int Activations, int Events, bool IsGateway)
{
    public string Id => Name;

    public int Pid => int.Parse(Name[(Name.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Seats still held when the check ended, and how long after the last possible expiry that was.</summary>
internal sealed record ExpiryResult(int StillHeld, TimeSpan Lateness);

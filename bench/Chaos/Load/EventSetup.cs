using System.Text.Json;

namespace TicketBoss.Chaos.Load;

/// <summary>Creates the run's events before any fault: three in four with a seat map (sections, rows), the rest numbered seats.</summary>
internal static class EventSetup
{
    public const int SeatsPerEvent = 120;

    public static async Task<List<ChaosEvent>> CreateAsync(RecordingClient client, int count, int seed, CancellationToken interrupt)
    {
        var events = new List<ChaosEvent>();
        for (var i = 0; i < count; i++)
        {
            object body = i % 4 == 3
                ? new { name = $"chaos {i} (numbered)", total_seats = SeatsPerEvent }
                : new
                {
                    name = $"chaos {i}",
                    seat_map = new
                    {
                        sections = new object[]
                        {
                            new { name = "Stalls", rows = "ABCDEF".Select(r => new { row = r.ToString(), seats = 16 }).ToArray() },
                            new { name = "Balcony", rows = "GH".Select(r => new { row = r.ToString(), seats = 12 }).ToArray() },
                        },
                    },
                };
            var created = await UntilAnsweredAsync(client, Requests.CreateEvent(body, $"chaos-{seed}-setup-{i}"), interrupt);
            var id = JsonDocument.Parse(created.ResponseBody).RootElement.GetProperty("event_id").GetString()!;
            var seats = await UntilAnsweredAsync(client, Requests.ReadEvent(id) with { Path = $"/events/{id}/seats" }, interrupt);
            var labels = JsonDocument.Parse(seats.ResponseBody).RootElement.GetProperty("seats").EnumerateArray()
                .Select(s => s.GetProperty("label").GetString()!).ToList();
            events.Add(new ChaosEvent(id, labels));
        }
        return events;
    }

    private static async Task<HistoryEntry> UntilAnsweredAsync(RecordingClient client, RequestSpec spec, CancellationToken interrupt)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entry = await client.SendAsync(spec, attempt == 0 ? SendReason.First : SendReason.RetryAfterFailure, -1, interrupt);
            if (entry.IsSuccess)
            {
                return entry;
            }
            if (attempt == 10)
            {
                throw new ChaosSetupException($"{spec.Method} {spec.Path} kept failing during set-up: {entry.Status} {entry.ResponseBody}");
            }
            await Task.Delay(500, interrupt);
        }
    }
}

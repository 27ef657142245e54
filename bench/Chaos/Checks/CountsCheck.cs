using System.Text.Json;
using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>
/// For every event: available + held + booked = capacity in the events row, held and booked equal a recount of the
/// live holds and confirmed bookings, and GET /events/{id} answers the same counts and version as the table.
/// </summary>
internal static class CountsCheck
{
    public static CheckResult Run(DatabaseState db, IReadOnlyDictionary<string, HistoryEntry> reads)
    {
        var breaches = new List<string>();
        foreach (var e in db.Events.Values)
        {
            if (e.Available + e.Held + e.Booked != e.Capacity)
            {
                breaches.Add($"{e.EventId}: available {e.Available} + held {e.Held} + booked {e.Booked} != capacity {e.Capacity}");
            }
            if (e.Held != e.HeldRecount || e.Booked != e.BookedRecount)
            {
                breaches.Add($"{e.EventId}: the row says held {e.Held}, booked {e.Booked}; its holds and bookings take {e.HeldRecount} and {e.BookedRecount}");
            }
            if (!reads.TryGetValue(e.EventId, out var read) || read.Status != 200)
            {
                breaches.Add($"{e.EventId}: GET /events/{e.EventId} did not answer 200 ({read?.Status} {read?.Code})");
                continue;
            }
            var api = JsonDocument.Parse(read.ResponseBody).RootElement;
            int Get(string name) => api.GetProperty(name).GetInt32();
            if (Get("total") != e.Capacity || Get("available") != e.Available || Get("held") != e.Held || Get("booked") != e.Booked
                || api.GetProperty("version").GetInt64() != e.Version)
            {
                breaches.Add($"{e.EventId}: GET answers total {Get("total")}, available {Get("available")}, held {Get("held")}, booked {Get("booked")}, "
                    + $"version {api.GetProperty("version").GetInt64()}; the table has {e.Capacity}, {e.Available}, {e.Held}, {e.Booked}, version {e.Version}");
            }
        }
        return CheckResult.From("counts add up for every event (row, recount and API agree)",
            $"{db.Events.Count} events, {db.Events.Values.Sum(e => e.Booked)} seats booked", breaches);
    }
}

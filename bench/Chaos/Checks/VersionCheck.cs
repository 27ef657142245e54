using System.Text.Json;
using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>The versions one sequential reader saw for each event never went down.</summary>
internal static class VersionCheck
{
    public static CheckResult Run(IReadOnlyList<HistoryEntry> history)
    {
        var breaches = new List<string>();
        var reads = history.Where(e => e.Worker == VersionPoller.WorkerId && e.Status == 200).OrderBy(e => e.Id).ToList();
        foreach (var one in reads.GroupBy(e => e.EventId))
        {
            (long Version, HistoryEntry Read)? last = null;
            foreach (var read in one)
            {
                var version = JsonDocument.Parse(read.ResponseBody).RootElement.GetProperty("version").GetInt64();
                if (last is { } previous && version < previous.Version)
                {
                    breaches.Add($"{one.Key}: version {previous.Version} (read #{previous.Read.Id} at {previous.Read.EndedAt:HH:mm:ss.fff}) "
                        + $"then {version} (read #{read.Id} at {read.EndedAt:HH:mm:ss.fff})");
                }
                last = (version, read);
            }
        }
        return CheckResult.From("versions only grew", $"{reads.Count} sequential reads of {reads.Select(r => r.EventId).Distinct().Count()} events", breaches);
    }
}

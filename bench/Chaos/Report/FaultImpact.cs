using TicketBoss.Chaos.Faults;
using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Report;

/// <summary>
/// How a fault looked to clients: the outage answers (503 or none) that ended between it and the next fault, the events
/// they hit, and per event how long after the fault it answered a success again (after its last outage answer).
/// </summary>
internal sealed record FaultImpact(FaultRecord Fault, int OutageAnswers, int AffectedEvents, TimeSpan? WorstRecovery, TimeSpan? MedianRecovery)
{
    public static List<FaultImpact> Of(IReadOnlyList<FaultRecord> faults, IReadOnlyList<HistoryEntry> history, DateTimeOffset loadEnded)
    {
        var impacts = new List<FaultImpact>();
        for (var i = 0; i < faults.Count; i++)
        {
            var from = faults[i].StartedAt;
            var until = i + 1 < faults.Count ? faults[i + 1].StartedAt : loadEnded;
            var outages = history.Where(e => e.IsOutage && e.EventId.Length > 0 && e.EndedAt >= from && e.EndedAt < until).ToList();
            var recoveries = outages.GroupBy(e => e.EventId).Select(g =>
            {
                var lastOutage = g.Max(e => e.EndedAt);
                var recovered = history.Where(e => e.EventId == g.Key && e.IsSuccess && e.StartedAt >= lastOutage).Select(e => e.EndedAt).DefaultIfEmpty().Min();
                return recovered == default ? TimeSpan.MaxValue : recovered - from;
            }).Order().ToList();
            impacts.Add(new FaultImpact(faults[i], outages.Count, recoveries.Count,
                recoveries.Count == 0 ? null : recoveries[^1], recoveries.Count == 0 ? null : recoveries[recoveries.Count / 2]));
        }
        return impacts;
    }

    public string Describe(DateTimeOffset loadStarted)
    {
        var f = Fault;
        var whole = f.WholeAt is { } w ? $"all silos Active again after {(w - f.StartedAt).TotalSeconds:0.0} s" : "cluster NOT whole again";
        var clients = OutageAnswers == 0
            ? "no outage answer"
            : $"{OutageAnswers} outage answers on {AffectedEvents} events; they answered again after {Seconds(MedianRecovery)} (median), {Seconds(WorstRecovery)} (worst)";
        return $"+{(f.StartedAt - loadStarted).TotalSeconds,5:0.0} s  {FaultKinds.Name(f.Kind),-10} {f.Target}: {f.Detail}; {whole}; {clients}";
    }

    private static string Seconds(TimeSpan? t) => t is not { } v ? "-" : v == TimeSpan.MaxValue ? "never" : $"{v.TotalSeconds:0.00} s";
}

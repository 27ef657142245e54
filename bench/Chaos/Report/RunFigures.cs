using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Report;

/// <summary>Prints what the run did: operations by kind, resends, and answers by status and error code.</summary>
internal static class RunFigures
{
    public static void Print(IReadOnlyList<HistoryEntry> history, TimeSpan loadDuration)
    {
        var load = history.Where(e => e.Worker >= 0).ToList();
        var firsts = load.Where(e => e.Reason == SendReason.First).ToList();
        Console.WriteLine($"operations: {firsts.Count} in {loadDuration.TotalSeconds:0.0} s ({firsts.Count / Math.Max(1, loadDuration.TotalSeconds):0} per s), {load.Count} requests with resends, "
            + $"plus {history.Count(e => e.Worker == VersionPoller.WorkerId)} version reads");
        foreach (var kind in firsts.GroupBy(e => e.Kind).OrderBy(g => g.Key))
        {
            Console.WriteLine($"  {kind.Key,-18} {kind.Count(),7}   succeeded first time {kind.Count(e => e.IsSuccess),7}");
        }
        Console.WriteLine("resends with the same Idempotency-Key: " + string.Join(", ", load.Where(e => e.Reason != SendReason.First)
            .GroupBy(e => e.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + $"; replayed answers {load.Count(e => e.Replayed)}");
        Console.WriteLine("answers by status and code (all requests):");
        foreach (var group in history.GroupBy(e => (e.Status, Code: e.IsSuccess ? null : e.Code)).OrderBy(g => g.Key.Status).ThenByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key.Status,3} {group.Key.Code ?? "",-40} {group.Count(),7}");
        }
    }
}

namespace TicketBoss.Chaos.Faults;

/// <summary>
/// The order of faults: first every chosen kind once (so a short run sees them all), then kills alternating with
/// the other kinds in turn, since losing a silo outright is the fault that matters most.
/// </summary>
internal static class FaultPlan
{
    public static IEnumerable<FaultKind> Sequence(IReadOnlyList<FaultKind> kinds)
    {
        if (kinds.Count == 0)
        {
            yield break;
        }
        foreach (var kind in kinds)
        {
            yield return kind;
        }
        var others = kinds.Where(k => k != FaultKind.Kill).ToList();
        for (var i = 0; ; i++)
        {
            if (kinds.Contains(FaultKind.Kill))
            {
                yield return FaultKind.Kill;
            }
            if (others.Count > 0)
            {
                yield return others[i % others.Count];
            }
        }
    }
}

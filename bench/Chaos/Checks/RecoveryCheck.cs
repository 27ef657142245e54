using TicketBoss.Chaos.Faults;

namespace TicketBoss.Chaos.Checks;

/// <summary>After every fault, every silo became an Active member again.</summary>
internal static class RecoveryCheck
{
    public static CheckResult Run(IReadOnlyList<FaultRecord> faults)
    {
        var stuck = faults.Where(f => f.WholeAt is null).Select(f => $"{FaultKinds.Name(f.Kind)} of {f.Target} at {f.StartedAt:HH:mm:ss.fff}: the cluster never became whole again").ToList();
        return CheckResult.From("the cluster recovered from every fault", $"{faults.Count} faults", stuck);
    }
}

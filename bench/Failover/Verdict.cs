namespace TicketBoss.Failover;

/// <summary>What the run found, printed with the conditions it ran under.</summary>
internal sealed record Verdict(
    IReadOnlyList<Operation> Operations,
    int AcknowledgedBookings,
    int UnreadableBookings,
    IReadOnlyList<string> BrokenCounts,
    Silo Victim,
    DateTimeOffset KilledAt,
    TimeSpan LoadDuration,
    ExpiryResult Expiry,
    IReadOnlyList<Silo> Before,
    IReadOnlyList<Silo> After)
{
    /// <summary>From the kill to the end of the last outage answer on any event: how long failover took as clients saw it.</summary>
    public TimeSpan Failover => Operations.Where(o => o.IsOutage && o.AnsweredAt >= KilledAt).Select(o => o.AnsweredAt - KilledAt).DefaultIfEmpty().Max();

    /// <summary>Per event, from the kill to its first success after its last outage answer; the worst event counts.</summary>
    public TimeSpan WorstEventRecovery => Operations
        .GroupBy(o => o.EventId)
        .Select(g =>
        {
            var lastOutage = g.Where(o => o.IsOutage && o.AnsweredAt >= KilledAt).Select(o => o.AnsweredAt).DefaultIfEmpty(KilledAt).Max();
            var recovered = g.Where(o => !o.IsOutage && o.SentAt >= lastOutage).Select(o => o.AnsweredAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            return recovered == DateTimeOffset.MaxValue ? TimeSpan.MaxValue : recovered - KilledAt;
        })
        .DefaultIfEmpty()
        .Max();

    public bool VictimDeclaredDead => After.Any(s => s.Id == Victim.Id && s.Status == "Dead") || After.All(s => s.Id != Victim.Id);

    public int Survivors => After.Count(s => s.Status == "Active");

    public bool Passed(double detectionSeconds) =>
        UnreadableBookings == 0 && BrokenCounts.Count == 0 && Expiry.StillHeld == 0
        && Expiry.Lateness <= TimeSpan.FromSeconds(detectionSeconds) && VictimDeclaredDead
        // The supervisor (run.sh, compose) may have started the victim again already: then it is a new member.
        && Survivors >= Before.Count(s => s.Status == "Active") - 1;

    /// <summary>Prints the figures and the verdict; true when the run passed.</summary>
    public bool Print(FailoverOptions options)
    {
        var passed = Passed(options.DetectionSeconds);
        Console.WriteLine($"conditions: {Environment.ProcessorCount} cores shared by client, silos and PostgreSQL; {options.Events} events, "
            + $"{options.Workers} workers, {options.Seconds} s of load, hold TTL {options.TtlSeconds} s, kill after {options.KillAfterSeconds} s");
        Console.WriteLine($"cluster before: {Before.Count(s => s.Status == "Active")} active; killed {Victim.Id} (pid {Victim.Pid}, {Victim.Events} events, {Victim.Activations} activations) with SIGKILL");
        var holds = Operations.Count(o => o.Kind == "hold");
        var books = Operations.Count(o => o.Kind == "book");
        Console.WriteLine($"operations: {Operations.Count} ({holds} holds, {books} bookings) in {LoadDuration.TotalSeconds:0.0} s; {AcknowledgedBookings} bookings acknowledged");
        foreach (var group in Operations.GroupBy(o => (o.Status, o.Code)).OrderBy(g => g.Key.Status))
        {
            Console.WriteLine($"  {group.Key.Status} {group.Key.Code ?? ""}: {group.Count()}");
        }
        Console.WriteLine($"failover: last outage answer {Failover.TotalSeconds:0.00} s after the kill; worst event answered again {Format(WorstEventRecovery)} after the kill");
        Console.WriteLine($"acknowledged bookings unreadable afterwards: {UnreadableBookings}");
        Console.WriteLine($"events whose counts do not add up: {BrokenCounts.Count}");
        foreach (var broken in BrokenCounts)
        {
            Console.WriteLine($"  {broken}");
        }
        Console.WriteLine($"holds: {Expiry.StillHeld} seats still held at the end; all returned {Expiry.Lateness.TotalSeconds:0.00} s after the last possible expiry (bound {options.DetectionSeconds} s)");
        Console.WriteLine($"cluster after: {Survivors} active; victim {(VictimDeclaredDead ? "declared dead" : "NOT declared dead")}");
        Console.WriteLine(passed ? "VERDICT: PASS" : "VERDICT: FAIL");
        return passed;
    }

    private static string Format(TimeSpan t) => t == TimeSpan.MaxValue ? "never" : $"{t.TotalSeconds:0.00} s";
}

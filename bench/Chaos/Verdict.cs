using TicketBoss.Chaos.Checks;

namespace TicketBoss.Chaos;

/// <summary>The outcome of every check; the run passes only when all of them do.</summary>
internal sealed record Verdict(IReadOnlyList<CheckResult> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    public void Print()
    {
        Console.WriteLine("checks:");
        foreach (var check in Checks)
        {
            Console.WriteLine($"  [{(check.Passed ? "PASS" : "FAIL")}] {check.Name}: {check.Summary}");
            foreach (var example in check.Examples)
            {
                Console.WriteLine($"         {example}");
            }
        }
        if (!Passed)
        {
            Console.WriteLine("failed checks: " + string.Join("; ", Checks.Where(c => !c.Passed).Select(c => c.Name)));
        }
        Console.WriteLine(Passed ? "VERDICT: PASS" : "VERDICT: FAIL");
    }
}

namespace TicketBoss.Chaos.Checks;

/// <summary>One promise checked at the end of the run: whether it held, a one-line summary and a few examples of breaches.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Summary, IReadOnlyList<string> Examples)
{
    public const int MaxExamples = 8;

    public static CheckResult From(string name, string summary, IReadOnlyCollection<string> breaches) =>
        new(name, breaches.Count == 0, breaches.Count == 0 ? summary : $"{breaches.Count} breaches; {summary}", [.. breaches.Take(MaxExamples)]);
}

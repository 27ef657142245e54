using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>
/// Faults may cost availability (503 with Retry-After, no answer) but nothing else: no 500, 502 or 504, no 400 or 422
/// for the well-formed requests the runner sends, and no 429 (the load stays far below the rate limit).
/// </summary>
internal static class UnexpectedAnswersCheck
{
    public static CheckResult Run(IReadOnlyList<HistoryEntry> history)
    {
        var unexpected = history.Where(e => e.Status is 400 or 422 or 429 or (>= 500 and not 503) || e.Code == "unparsable_body")
            .Select(e => $"#{e.Id} {e.Kind} {e.Method} {e.Path} at {e.StartedAt:HH:mm:ss.fff}: {e.Status} {e.ResponseBody[..Math.Min(200, e.ResponseBody.Length)]}")
            .ToList();
        var outages = history.Count(e => e.IsOutage);
        return CheckResult.From("no answers but the expected ones", $"{outages} of {history.Count} answers were 503 or missing, as faults allow", unexpected);
    }
}

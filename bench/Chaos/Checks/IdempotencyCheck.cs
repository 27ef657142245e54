using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>
/// Every answer the service keeps for an Idempotency-Key is the first one: all answers to one key, except 5xx, 429,
/// no answer and 409 idempotency_key_in_use (those are not kept by design), have the same status and body; and no
/// resend was refused as a different request (422 idempotency_key_reused: the runner resends the same bytes).
/// </summary>
internal static class IdempotencyCheck
{
    public static CheckResult Run(IReadOnlyList<HistoryEntry> history)
    {
        var breaches = new List<string>();
        var keys = history.Where(e => e.IdempotencyKey is not null).GroupBy(e => e.IdempotencyKey!).ToList();
        var resent = 0;
        foreach (var key in keys)
        {
            var sends = key.OrderBy(e => e.StartedAt).ToList();
            resent += sends.Count > 1 ? 1 : 0;
            var kept = sends.Where(e => e.IsReplayable).ToList();
            if (kept.Select(e => (e.Status, e.ResponseBody)).Distinct().Count() > 1)
            {
                breaches.Add($"key {key.Key} ({sends[0].Method} {sends[0].Path}) answered differently: "
                    + string.Join(" | ", sends.Select(e => $"#{e.Id} {e.Reason} {e.StartedAt:HH:mm:ss.fff}-{e.EndedAt:HH:mm:ss.fff} {e.Status}{(e.Replayed ? " replayed" : "")} {Shorten(e.ResponseBody)}")));
            }
            breaches.AddRange(sends.Where(e => e.Code == "idempotency_key_reused").Select(e => $"key {key.Key}: #{e.Id} refused as a different request (422)"));
        }
        var replays = history.Count(e => e.Replayed);
        return CheckResult.From("idempotent retries returned the first answer",
            $"{keys.Count} keys, {resent} sent more than once, {replays} answers replayed", breaches);
    }

    private static string Shorten(string body) => body.Length <= 140 ? body : body[..140] + "…";
}

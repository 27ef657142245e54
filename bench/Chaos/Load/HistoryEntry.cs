namespace TicketBoss.Chaos.Load;

/// <summary>
/// One request of the run and its answer, as the client saw them. Status 0 means no answer (connection failed or
/// the client's timeout); Code is the problem's <c>code</c>, the partner family's <c>error</c>, or the exception name.
/// </summary>
internal sealed record HistoryEntry(
    long Id,
    int Worker,
    OperationKind Kind,
    SendReason Reason,
    string EventId,
    string Method,
    string Path,
    string? IdempotencyKey,
    string? RequestBody,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int Status,
    string ResponseBody,
    string? Code,
    bool Replayed)
{
    public const string KeyInUse = "idempotency_key_in_use";

    /// <summary>The service could not serve it (it may or may not have taken effect).</summary>
    public bool IsOutage => Status is 0 or >= 500;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>An answer the service keeps for replay: not a 5xx, 429, a missing answer, or "still in flight".</summary>
    public bool IsReplayable => Status is > 0 and < 500 and not 429 && Code != KeyInUse;

    /// <summary>Worth sending again with the same key, as a careful client would: no kept answer yet (5xx, 429, none, in flight).</summary>
    public bool ShouldRetry => Status is 0 or 429 or >= 500 || Code == KeyInUse;
}

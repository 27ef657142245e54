namespace TicketBoss.Chaos.Load;

/// <summary>Why a request was sent: first time, or one of the ways a client resends with the same Idempotency-Key.</summary>
internal enum SendReason
{
    First,

    /// <summary>The same request again right after its answer.</summary>
    ImmediateResend,

    /// <summary>The same request again seconds later, often across a fault.</summary>
    LaterResend,

    /// <summary>After a 503, 429, timeout or 409 idempotency_key_in_use, as a client following Retry-After would.</summary>
    RetryAfterFailure,

    /// <summary>Sent together with the first one, so that both are in flight at once.</summary>
    ConcurrentDuplicate,
}

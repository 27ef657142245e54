namespace TicketBoss.Chaos.Faults;

/// <summary>
/// One injected fault: what, on which silo (none for PostgreSQL), when it struck, when the service was let back
/// (restart, SIGCONT, server up again), and when every silo was an Active member again (null: never).
/// </summary>
internal sealed record FaultRecord(
    FaultKind Kind,
    string Target,
    DateTimeOffset StartedAt,
    DateTimeOffset RestoredAt,
    DateTimeOffset? WholeAt,
    string Detail);

namespace TicketBoss.Chaos.Load;

/// <summary>One request as the client means it; resending the same spec sends the same bytes with the same Idempotency-Key.</summary>
internal sealed record RequestSpec(OperationKind Kind, string EventId, HttpMethod Method, string Path, string? Body, string? IdempotencyKey);

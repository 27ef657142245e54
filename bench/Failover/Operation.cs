namespace TicketBoss.Failover;

/// <summary>One request of the run (a hold or a book) and what came of it: HTTP status (0 when the connection failed) and problem code.</summary>
internal sealed record Operation(string EventId, string Kind, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, int Status, string? Code)
{
    /// <summary>An answer that says the service could not serve the request (as opposed to a ticketing rule).</summary>
    public bool IsOutage => Status is 0 or >= 500;
}

namespace TicketBoss.Grains;

/// <summary>An event's counts at one version. <c>Available + Held + Booked = Total</c>.</summary>
public sealed record EventSnapshot(
    string EventId,
    string Name,
    string? Venue,
    DateTimeOffset? StartsAt,
    DateTimeOffset CreatedAt,
    int Total,
    int Available,
    int Held,
    int Booked,
    int ReservationCount,
    long Version);

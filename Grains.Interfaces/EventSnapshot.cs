namespace TicketBoss.Grains;

/// <summary>An event's counts at one version. <c>Available + Held + Booked = Total</c>.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.EventSnapshot")]
public sealed record EventSnapshot(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Venue,
    [property: Id(3)] DateTimeOffset? StartsAt,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] int Total,
    [property: Id(6)] int Available,
    [property: Id(7)] int Held,
    [property: Id(8)] int Booked,
    [property: Id(9)] int ReservationCount,
    [property: Id(10)] long Version);

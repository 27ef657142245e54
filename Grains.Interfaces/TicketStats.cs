namespace TicketBoss.Grains;

/// <summary>Service-wide counts, as committed in storage.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.TicketStats")]
public sealed record TicketStats(
    [property: Id(0)] long TotalEvents,
    [property: Id(1)] long ActiveHolds,
    [property: Id(2)] long ExpiredHolds,
    [property: Id(3)] long ReleasedHolds,
    [property: Id(4)] long TotalBookings,
    [property: Id(5)] long CancelledBookings,
    [property: Id(6)] long TotalSeatsBooked,
    [property: Id(7)] long TotalSeatsHeld,
    [property: Id(8)] long TotalReservations);

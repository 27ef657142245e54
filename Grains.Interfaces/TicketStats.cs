namespace TicketBoss.Grains;

/// <summary>Service-wide counts, as committed in storage.</summary>
public sealed record TicketStats(
    long TotalEvents,
    long ActiveHolds,
    long ExpiredHolds,
    long ReleasedHolds,
    long TotalBookings,
    long CancelledBookings,
    long TotalSeatsBooked,
    long TotalSeatsHeld,
    long TotalReservations);

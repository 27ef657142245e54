namespace TicketBoss.Grains.Domain;

/// <summary>What the next commit writes: holds and bookings created since the last one, and stored ones that changed.</summary>
internal sealed record PendingRows(
    Hold[] NewHolds, Hold[] ChangedHolds, Booking[] NewBookings, Booking[] ChangedBookings, bool IsNewEvent);

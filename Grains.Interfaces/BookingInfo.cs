namespace TicketBoss.Grains;

/// <summary>A booking: from a hold, of named seats, a partner reservation, or a single-seat reservation.</summary>
public sealed record BookingInfo(
    string BookingId,
    string EventId,
    BookingKind Kind,
    IReadOnlyList<string> Seats,
    DateTimeOffset CreatedAt,
    BookingStatus Status,
    string? HoldId = null,
    string? PartnerId = null,
    string? UserId = null);

/// <summary>How a booking was made.</summary>
public enum BookingKind
{
    Hold,
    Direct,
    Reservation,
    Seat,
}

/// <summary>Confirmed until cancelled.</summary>
public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>The booking of a hold, and whether this answer replays an earlier booking of the same hold.</summary>
public sealed record BookingReceipt(BookingInfo Booking, bool Replayed);

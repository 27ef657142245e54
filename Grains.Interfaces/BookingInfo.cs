namespace TicketBoss.Grains;

/// <summary>A booking: from a hold, of named seats, a partner reservation, or a single-seat reservation.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.BookingInfo")]
public sealed record BookingInfo(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string EventId,
    [property: Id(2)] BookingKind Kind,
    [property: Id(3)] IReadOnlyList<string> Seats,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] BookingStatus Status,
    [property: Id(6)] string? HoldId = null,
    [property: Id(7)] string? PartnerId = null,
    [property: Id(8)] string? UserId = null);

/// <summary>How a booking was made.</summary>
[GenerateSerializer, Alias("ticketboss.BookingKind")]
public enum BookingKind
{
    Hold,
    Direct,
    Reservation,
    Seat,
}

/// <summary>Confirmed until cancelled.</summary>
[GenerateSerializer, Alias("ticketboss.BookingStatus")]
public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>The booking of a hold, and whether this answer replays an earlier booking of the same hold.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.BookingReceipt")]
public sealed record BookingReceipt([property: Id(0)] BookingInfo Booking, [property: Id(1)] bool Replayed);

namespace TicketBoss.Grains.Domain;

/// <summary>Seats sold: from a hold, directly, to a partner, or as a single seat.</summary>
internal sealed class Booking(string id, BookingKind kind, int[] seats, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public BookingKind Kind { get; } = kind;
    public int[] Seats { get; } = seats;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public BookingStatus Status { get; set; } = BookingStatus.Confirmed;
    public DateTimeOffset? CancelledAt { get; set; }
    public string? HoldId { get; init; }
    public string? PartnerId { get; init; }
    public string? UserId { get; init; }

    /// <summary>When the booking was cancelled (or taken back from storage), for forgetting it after a grace period.</summary>
    public DateTimeOffset EndedAt { get; set; }

    /// <summary>The event's version once the booking was cancelled: it may be forgotten once that version is committed.</summary>
    public long EndedVersion { get; set; }

    public bool IsConfirmed => Status == BookingStatus.Confirmed;
}

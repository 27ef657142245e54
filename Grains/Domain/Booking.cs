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

    public bool IsConfirmed => Status == BookingStatus.Confirmed;
}

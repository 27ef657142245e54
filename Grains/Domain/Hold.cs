namespace TicketBoss.Grains.Domain;

/// <summary>Seats set aside for a buyer until they pay (book), walk away (release) or run out of time (expire).</summary>
internal sealed class Hold(string id, int[] seats, DateTimeOffset createdAt, DateTimeOffset expiresAt, string paymentToken)
{
    public string Id { get; } = id;
    public int[] Seats { get; } = seats;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public string PaymentToken { get; } = paymentToken;
    public HoldStatus Status { get; set; } = HoldStatus.Active;
    public string? BookingId { get; set; }

    public bool IsActive => Status == HoldStatus.Active;
}

namespace TicketBoss.Grains.Domain;

/// <summary>
/// Seats set aside for a buyer until they pay (book), walk away (release) or run out of time (expire): a snapshot
/// of one hold of a <see cref="HoldTable"/>, as storage reads and writes it.
/// </summary>
internal sealed record Hold(
    string Id, int[] Seats, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string PaymentToken,
    HoldStatus Status = HoldStatus.Active, string? BookingId = null)
{
    public bool IsActive => Status == HoldStatus.Active;
}

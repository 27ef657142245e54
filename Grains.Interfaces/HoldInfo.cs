namespace TicketBoss.Grains;

/// <summary>A hold as callers see it. The payment token is only given when the hold is created.</summary>
public sealed record HoldInfo(
    string HoldId,
    string EventId,
    IReadOnlyList<string> Seats,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    HoldStatus Status,
    string? PaymentToken,
    string? BookingId);

/// <summary>Life of a hold: active until booked, released or expired.</summary>
public enum HoldStatus
{
    Active,
    Booked,
    Released,
    Expired,
}

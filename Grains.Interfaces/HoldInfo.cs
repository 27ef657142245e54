namespace TicketBoss.Grains;

/// <summary>
/// A hold as callers see it. The payment token is only given when the hold is created. <see cref="Adjacent"/> says
/// whether the seats sit side by side in one row (on a numbered event, whether their numbers are consecutive).
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketboss.HoldInfo")]
public sealed record HoldInfo(
    [property: Id(0)] string HoldId,
    [property: Id(1)] string EventId,
    [property: Id(2)] IReadOnlyList<string> Seats,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] HoldStatus Status,
    [property: Id(6)] string? PaymentToken,
    [property: Id(7)] string? BookingId,
    [property: Id(8)] bool Adjacent = false);

/// <summary>Life of a hold: active until booked, released or expired.</summary>
[GenerateSerializer, Alias("ticketboss.HoldStatus")]
public enum HoldStatus
{
    Active,
    Booked,
    Released,
    Expired,
}

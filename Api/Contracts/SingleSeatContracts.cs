using System.Text.Json.Serialization;

namespace TicketBoss.Api.Contracts;

/// <summary>POST /reserve.</summary>
public sealed record ReserveSeatRequest([property: JsonRequired] string? SeatId, [property: JsonRequired] string? UserId);

/// <summary>201 of POST /reserve.</summary>
public sealed record ReserveSeatResponse(string Status, string SeatId, string UserId, DateTimeOffset ReservationTime, string ReservationId);

/// <summary>One seat of the single-seat event: available, held or reserved.</summary>
public sealed record SingleSeatResponse(string SeatId, string Status);

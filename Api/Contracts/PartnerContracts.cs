namespace TicketBoss.Api.Contracts;

/// <summary>POST /reservations.</summary>
public sealed record ReservationRequest(string? PartnerId, int? Seats);

/// <summary>201 of POST /reservations.</summary>
public sealed record ReservationResponse(string ReservationId, int Seats, string Status);

/// <summary>GET /reservations: the partner event's summary.</summary>
public sealed record ReservationSummaryResponse(
    string EventId, string Name, int TotalSeats, int AvailableSeats, int ReservationCount, long Version);

/// <summary>The partner family's error shape.</summary>
public sealed record PartnerError(string Error);

using System.Text.Json.Serialization;

namespace TicketBoss.Api.Contracts;

// The partner family is camelCase; its members are named here so that the OpenAPI document shows them as sent.

/// <summary>POST /reservations.</summary>
public sealed record ReservationRequest(
    [property: JsonPropertyName("partnerId"), JsonRequired] string? PartnerId, [property: JsonPropertyName("seats"), JsonRequired] int? Seats);

/// <summary>201 of POST /reservations: <c>seats</c> counts the seats, <c>seatLabels</c> names them.</summary>
public sealed record ReservationResponse(
    [property: JsonPropertyName("reservationId")] string ReservationId,
    [property: JsonPropertyName("seats")] int Seats,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("seatLabels")] IReadOnlyList<string> SeatLabels);

/// <summary>GET /reservations/{reservationId}: a reservation, confirmed or cancelled, and the seats it holds (or held).</summary>
public sealed record ReservationDetailsResponse(
    [property: JsonPropertyName("reservationId")] string ReservationId,
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("partnerId")] string? PartnerId,
    [property: JsonPropertyName("seats")] int Seats,
    [property: JsonPropertyName("seatLabels")] IReadOnlyList<string> SeatLabels,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt);

/// <summary>GET /reservations: the partner event's summary.</summary>
public sealed record ReservationSummaryResponse(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("totalSeats")] int TotalSeats,
    [property: JsonPropertyName("availableSeats")] int AvailableSeats,
    [property: JsonPropertyName("reservationCount")] int ReservationCount,
    [property: JsonPropertyName("version")] long Version);

/// <summary>The partner family's error shape.</summary>
public sealed record PartnerError([property: JsonPropertyName("error")] string Error);

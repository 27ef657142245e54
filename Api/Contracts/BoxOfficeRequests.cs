using System.Text.Json;

namespace TicketBoss.Api.Contracts;

/// <summary>POST /events.</summary>
public sealed record CreateEventRequest(string? Name, int? TotalSeats, string? Venue, DateTimeOffset? StartsAt, SeatMapRequest? SeatMap);

/// <summary>PATCH /events/{id}: the members to change.</summary>
public sealed record UpdateEventRequest(string? Name, int? TotalSeats, string? Venue, DateTimeOffset? StartsAt);

/// <summary>
/// A seat map: rows, or sections of rows, best first (quantity holds search in this order); <c>preference</c> says
/// where a row's best seats are: <c>"centre"</c> (the default) or <c>"first"</c> (left to right).
/// </summary>
public sealed record SeatMapRequest(List<SeatRowRequest?>? Rows, List<SeatSectionRequest?>? Sections, string? Preference = null);

/// <summary>A section: <c>{"name":"Balcony","rows":[...]}</c>.</summary>
public sealed record SeatSectionRequest(string? Name, List<SeatRowRequest?>? Rows);

/// <summary>A row: <c>{"row":"A","seats":25}</c> or <c>{"row":"A","labels":["A1","A2"]}</c>.</summary>
public sealed record SeatRowRequest(string? Row, int? Seats, List<string>? Labels);

/// <summary>POST /holds: a quantity or named seats; <c>together</c> asks a quantity for adjacent seats in one row.</summary>
public sealed record HoldRequestBody(string? EventId, int? Qty, List<JsonElement>? Seats, int? TtlSeconds, bool? AllowPartial, bool? Together = null);

/// <summary>POST /book.</summary>
public sealed record BookRequest(string? HoldId, string? PaymentToken);

/// <summary>POST /bookings: named seats, as labels or numbers.</summary>
public sealed record DirectBookingRequest(string? EventId, List<JsonElement>? Seats);

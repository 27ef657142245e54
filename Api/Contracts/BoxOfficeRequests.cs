using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBoss.Api.Contracts;

// [JsonRequired] marks what a request cannot do without: binding refuses its absence by name, and the OpenAPI document
// lists it as required. Members are nullable so that an explicit null reaches the route's own check and message.

/// <summary>POST /events. <c>date_time</c> is the seat-booking family's name for <c>starts_at</c>.</summary>
public sealed record CreateEventRequest(
    [property: JsonRequired] string? Name,
    int? TotalSeats,
    string? Venue,
    DateTimeOffset? StartsAt,
    SeatMapRequest? SeatMap,
    [property: JsonPropertyName("date_time")] DateTimeOffset? DateTime = null);

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

/// <summary>POST /holds: a quantity or named seats, not both; <c>together</c> asks a quantity for adjacent seats in one row.</summary>
public sealed record HoldRequestBody(
    [property: JsonRequired] string? EventId, int? Qty, List<JsonElement>? Seats, int? TtlSeconds, bool? AllowPartial, bool? Together = null);

/// <summary>POST /book.</summary>
public sealed record BookRequest([property: JsonRequired] string? HoldId, [property: JsonRequired] string? PaymentToken);

/// <summary>POST /bookings: named seats, as labels or numbers.</summary>
public sealed record DirectBookingRequest([property: JsonRequired] string? EventId, [property: JsonRequired] List<JsonElement>? Seats);

using System.Text.Json.Serialization;
using TicketBoss.Grains;

namespace TicketBoss.Api.Contracts;

/// <summary>201 of POST /events.</summary>
public sealed record EventCreatedResponse(
    string EventId, string Name, int TotalSeats, string? Venue, DateTimeOffset? StartsAt, DateTimeOffset CreatedAt, long Version)
{
    public static EventCreatedResponse From(EventSnapshot e) => new(e.EventId, e.Name, e.Total, e.Venue, e.StartsAt, e.CreatedAt, e.Version);
}

/// <summary>An event's counts (GET /events/{id}, items of GET /events).</summary>
public sealed record EventStatusResponse(
    string EventId, string Name, string? Venue, DateTimeOffset? StartsAt, DateTimeOffset CreatedAt,
    int Total, int Available, int Held, int Booked, long Version)
{
    public static EventStatusResponse From(EventSnapshot e) =>
        new(e.EventId, e.Name, e.Venue, e.StartsAt, e.CreatedAt, e.Total, e.Available, e.Held, e.Booked, e.Version);
}

/// <summary>GET /events.</summary>
public sealed record EventListResponse(IReadOnlyList<EventStatusResponse> Items, string? Next);

/// <summary>GET /events/{id}/seats.</summary>
public sealed record SeatsResponse(int TotalSeats, int BookedSeats, int HeldSeats, int AvailableSeats, long Version, IReadOnlyList<SeatResponse> Seats)
{
    public static SeatsResponse From(SeatsView view) => new(
        view.Event.Total, view.Event.Booked, view.Event.Held, view.Event.Available, view.Event.Version,
        view.Seats.Select(s => new SeatResponse(s.Label, s.Status, s.Section, s.Row)).ToList());
}

/// <summary>One seat and its state; on a seat map also its section (when the map has sections) and row.</summary>
public sealed record SeatResponse(
    string Label,
    SeatStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Section,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Row);

/// <summary>A hold (the payment token only in the answer to its creation); <c>adjacent</c>: its seats sit side by side in one row.</summary>
public sealed record HoldResponse(
    string HoldId, string EventId, int Qty, IReadOnlyList<string> Seats, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string? PaymentToken, HoldStatus Status, string? BookingId, bool Adjacent)
{
    public static HoldResponse From(HoldInfo h) =>
        new(h.HoldId, h.EventId, h.Seats.Count, h.Seats, h.CreatedAt, h.ExpiresAt, h.PaymentToken, h.Status, h.BookingId, h.Adjacent);
}

/// <summary>A booking of any kind.</summary>
public sealed record BookingResponse(
    string BookingId, string EventId, string Status, BookingKind Kind, int Qty, IReadOnlyList<string> Seats,
    DateTimeOffset CreatedAt, string? HoldId, string? PartnerId, string? UserId)
{
    public static BookingResponse From(BookingInfo b) => new(
        b.BookingId, b.EventId, b.Status == BookingStatus.Confirmed ? "confirmed" : "cancelled", b.Kind,
        b.Seats.Count, b.Seats, b.CreatedAt, b.HoldId, b.PartnerId, b.UserId);
}

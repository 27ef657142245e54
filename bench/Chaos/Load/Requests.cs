using System.Text.Json;

namespace TicketBoss.Chaos.Load;

/// <summary>The requests of the run, in the API's own shapes: snake_case for the Box Office, camelCase for partners.</summary>
internal static class Requests
{
    public static RequestSpec CreateEvent(object body, string key) =>
        new(OperationKind.CreateEvent, "", HttpMethod.Post, "/events", JsonSerializer.Serialize(body), key);

    public static RequestSpec Hold(string eventId, int qty, int ttl, string key) =>
        new(OperationKind.Hold, eventId, HttpMethod.Post, "/holds", JsonSerializer.Serialize(new { event_id = eventId, qty, ttl_seconds = ttl }), key);

    public static RequestSpec SeatHold(string eventId, IReadOnlyList<string> seats, int ttl, string key) =>
        new(OperationKind.SeatHold, eventId, HttpMethod.Post, "/holds", JsonSerializer.Serialize(new { event_id = eventId, seats, ttl_seconds = ttl }), key);

    public static RequestSpec Book(string eventId, string holdId, string paymentToken, string key) =>
        new(OperationKind.Book, eventId, HttpMethod.Post, "/book", JsonSerializer.Serialize(new { hold_id = holdId, payment_token = paymentToken }), key);

    public static RequestSpec Release(string eventId, string holdId, string key) =>
        new(OperationKind.Release, eventId, HttpMethod.Delete, $"/holds/{holdId}", null, key);

    public static RequestSpec DirectBooking(string eventId, IReadOnlyList<string> seats, string key) =>
        new(OperationKind.DirectBooking, eventId, HttpMethod.Post, "/bookings", JsonSerializer.Serialize(new { event_id = eventId, seats }), key);

    public static RequestSpec CancelBooking(string eventId, string bookingId, string key) =>
        new(OperationKind.CancelBooking, eventId, HttpMethod.Delete, $"/bookings/{bookingId}", null, key);

    public static RequestSpec Reserve(string partnerId, int seats, string key) =>
        new(OperationKind.Reserve, ChaosEvent.PartnerEventId, HttpMethod.Post, "/reservations", JsonSerializer.Serialize(new { partnerId, seats }), key);

    public static RequestSpec CancelReservation(string reservationId, string key) =>
        new(OperationKind.CancelReservation, ChaosEvent.PartnerEventId, HttpMethod.Delete, $"/reservations/{reservationId}", null, key);

    public static RequestSpec ReadEvent(string eventId) => new(OperationKind.ReadEvent, eventId, HttpMethod.Get, $"/events/{eventId}", null, null);

    /// <summary>The id a DELETE acts on: the last segment of its path.</summary>
    public static string TargetOf(HistoryEntry entry) => entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
}

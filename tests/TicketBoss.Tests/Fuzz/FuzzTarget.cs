using System.Net;
using TicketBoss.Tests.Http;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// What the fuzzer aims at: an event of 10 numbered seats with an active hold on seats 1-2 (600 s), a direct booking
/// of seats 9-10, and a partner reservation on the partner event. Each is a live thing a valid request would change.
/// </summary>
internal sealed record FuzzTarget(string EventId, string HoldId, string Token, string BookingId, string ReservationId)
{
    /// <summary>Fills <c>{E}</c>, <c>{H}</c>, <c>{T}</c>, <c>{B}</c> and <c>{R}</c>.</summary>
    public string Fill(string template) => template
        .Replace("{E}", EventId).Replace("{H}", HoldId).Replace("{T}", Token).Replace("{B}", BookingId).Replace("{R}", ReservationId);

    /// <summary>Sets the target up through the API; <paramref name="headers"/> carry an API key when keys are configured.</summary>
    public static async Task<FuzzTarget> CreateAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        async Task<System.Text.Json.JsonElement> Post(string path, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: HttpTestHelpers.Verbatim) };
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }
            using var response = await client.SendAsync(request);
            return await response.ReadJsonAsync(HttpStatusCode.Created);
        }

        // The default events are seeded at start-up; wait until both answer.
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/reservations");
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }
            using var partner = await client.SendAsync(request);
            using var seats = await client.GetAsync("/seats");
            if ((partner.StatusCode, seats.StatusCode) == (HttpStatusCode.OK, HttpStatusCode.OK))
            {
                break;
            }
            Assert.True(attempt < 100, "the default events were never seeded");
            await Task.Delay(100);
        }
        var eventId = (await Post("/events", new { name = "Fuzz target " + Guid.NewGuid().ToString("N")[..8], total_seats = 10 })).Str("event_id");
        var hold = await Post("/holds", new { event_id = eventId, seats = new[] { "1", "2" }, ttl_seconds = 600 });
        var booking = await Post("/bookings", new { event_id = eventId, seats = new[] { "9", "10" } });
        var reservation = await Post("/reservations", new { partnerId = "acme", seats = 1 });
        return new FuzzTarget(eventId, hold.Str("hold_id"), hold.Str("payment_token"), booking.Str("booking_id"), reservation.Str("reservationId"));
    }
}

/// <summary>
/// Everything a request could have changed, read from PostgreSQL: row counts, every event's version, and the
/// idempotency records (grain state named "idempotency" in Orleans's storage table): how many, and their versions,
/// which move on every write.
/// </summary>
internal static class FuzzState
{
    public static async Task<string> ReadAsync(string connectionString)
    {
        var rows = await HttpTestHelpers.QueryAsync(connectionString,
            """
            SELECT (SELECT count(*) FROM events),
                   (SELECT count(*) FROM holds),
                   (SELECT count(*) FROM bookings),
                   (SELECT count(*) || '@' || coalesce(sum(version), 0) FROM orleans_storage WHERE grain_type = 'idempotency'),
                   (SELECT coalesce(string_agg(event_id || '@' || version, ' ' ORDER BY event_id), '') FROM events),
                   (SELECT coalesce(string_agg(status || '=' || n, ' ' ORDER BY status), '') FROM (SELECT status, count(*) AS n FROM holds GROUP BY status) h),
                   (SELECT coalesce(string_agg(status || '=' || n, ' ' ORDER BY status), '') FROM (SELECT status, count(*) AS n FROM bookings GROUP BY status) b)
            """);
        var r = rows[0];
        return $"events={r[0]} holds={r[1]} bookings={r[2]} idempotency records (count@versions)={r[3]}; versions: {r[4]}; holds: {r[5]}; bookings: {r[6]}";
    }
}

namespace TicketBoss.Bench.Scenarios;

/// <summary>Every connection holds one seat, then books it with the payment token: one operation is both calls.</summary>
internal static class HoldThenBookScenario
{
    public static async Task<LoadResult> RunAsync(Uri url, int connections, TimeSpan duration)
    {
        using var client = new BoxOfficeClient(url, connections);
        var eventId = await client.CreateEventAsync("bench hold then book", 1_000_000);
        var hold = BoxOfficeClient.Body(new { event_id = eventId, qty = 1, ttl_seconds = 900 });
        var booked = 0;
        var result = await LoadDriver.RunAsync("hold then book", connections, duration, async _ =>
        {
            var (status, body) = await client.PostAsync("/holds", hold, readBody: true);
            if (status != 201)
            {
                return new LoadDriver.Answer(status);
            }
            var book = BoxOfficeClient.Body(new { hold_id = body.GetProperty("hold_id").GetString(), payment_token = body.GetProperty("payment_token").GetString() });
            var (bookStatus, _) = await client.PostAsync("/book", book);
            if (bookStatus == 201)
            {
                Interlocked.Increment(ref booked);
            }
            return new LoadDriver.Answer(bookStatus);
        });
        var (total, available, held, bookedSeats) = await client.CountsAsync(eventId);
        result.CheckPassed = available + held + bookedSeats == total && bookedSeats == booked;
        result.Check = $"event {eventId}: total {total} = available {available} + held {held} + booked {bookedSeats}; booked = {booked} acknowledged bookings";
        return result;
    }
}

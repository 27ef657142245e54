namespace TicketBoss.Bench.Scenarios;

/// <summary>The last seats of a show: far more buyers than seats, 1-4 seats each, until the event is sold out.</summary>
internal static class LastSeatsScenario
{
    public static async Task<LoadResult> RunAsync(Uri url, int connections, int seats)
    {
        using var client = new BoxOfficeClient(url, connections);
        var eventId = await client.CreateEventAsync("bench last seats", seats);
        var bodies = Enumerable.Range(1, 4).Select(q => BoxOfficeClient.Body(new { event_id = eventId, qty = q, ttl_seconds = 900 })).ToArray();
        var heldSeats = 0;
        var result = await LoadDriver.RunAsync($"last-seats storm, {seats:N0} seats, 1-4 per hold", connections, TimeSpan.FromMinutes(2), async w =>
        {
            var quantity = 1 + (w % 4);
            var status = (await client.PostAsync("/holds", bodies[quantity - 1])).Status;
            if (status == 201)
            {
                Interlocked.Add(ref heldSeats, quantity);
            }
            // Sold out when even one seat is refused.
            return new LoadDriver.Answer(status, Stop: status == 409 && quantity == 1);
        }, warmUp: TimeSpan.Zero); // a warm-up would sell the seats the storm is about
        var (total, available, held, booked) = await client.CountsAsync(eventId);
        result.CheckPassed = available + held + booked == total && held == heldSeats && held <= total;
        result.Check = $"event {eventId}: {heldSeats} seats acknowledged, {held} held of {total}, {available} left; nothing oversold";
        return result;
    }
}

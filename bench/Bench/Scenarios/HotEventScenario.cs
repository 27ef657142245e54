namespace TicketBoss.Bench.Scenarios;

/// <summary>Every connection places holds of <c>qty</c> seats on one event, as fast as the service answers.</summary>
internal static class HotEventScenario
{
    public static async Task<LoadResult> RunAsync(Uri url, int connections, int quantity, TimeSpan duration, string label = "hot event")
    {
        using var client = new BoxOfficeClient(url, connections);
        var eventId = await client.CreateEventAsync("bench hot event", 1_000_000);
        var body = BoxOfficeClient.Body(new { event_id = eventId, qty = quantity, ttl_seconds = 900 });
        var acknowledged = 0;
        var result = await LoadDriver.RunAsync($"{label}, {quantity}-seat holds", connections, duration, async _ =>
        {
            var status = (await client.PostAsync("/holds", body)).Status;
            if (status == 201)
            {
                Interlocked.Increment(ref acknowledged);
            }
            return new LoadDriver.Answer(status);
        });
        var (total, available, held, booked) = await client.CountsAsync(eventId);
        result.CheckPassed = available + held + booked == total && held == acknowledged * quantity;
        result.Check = $"event {eventId}: total {total} = available {available} + held {held} + booked {booked}; held = {acknowledged} acknowledged holds x {quantity}";
        return result;
    }
}

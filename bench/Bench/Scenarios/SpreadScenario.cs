namespace TicketBoss.Bench.Scenarios;

/// <summary>Holds spread evenly over many events (each its own grain), to show that cost stays flat as events grow.</summary>
internal static class SpreadScenario
{
    public static async Task<LoadResult> RunAsync(Uri url, int connections, int events, TimeSpan duration)
    {
        using var client = new BoxOfficeClient(url, connections);
        var ids = new string[events];
        await Parallel.ForAsync(0, events, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            ids[i] = await client.CreateEventAsync($"bench spread {i}", SeatsPerEvent(events)));
        var bodies = ids.Select(id => BoxOfficeClient.Body(new { event_id = id, qty = 1, ttl_seconds = 900 })).ToArray();
        var acknowledged = new int[events];
        var result = await LoadDriver.RunAsync($"{events:N0} events, 1-seat holds spread evenly", connections, duration, async _ =>
        {
            var i = Random.Shared.Next(events);
            var status = (await client.PostAsync("/holds", bodies[i])).Status;
            if (status == 201)
            {
                Interlocked.Increment(ref acknowledged[i]);
            }
            return new LoadDriver.Answer(status);
        });
        // Checking every event would cost as much as the run; a sample of 200 (and every one with the most holds) will do.
        var sample = Enumerable.Range(0, events).OrderByDescending(i => acknowledged[i]).Take(100)
            .Concat(Enumerable.Range(0, 100).Select(_ => Random.Shared.Next(events))).Distinct().ToArray();
        var wrong = 0;
        foreach (var i in sample)
        {
            var (total, available, held, booked) = await client.CountsAsync(ids[i]);
            wrong += available + held + booked == total && held == acknowledged[i] ? 0 : 1;
        }
        result.CheckPassed = wrong == 0;
        result.Check = $"{sample.Length} events of {SeatsPerEvent(events):N0} seats checked (the busiest and a random sample): {wrong} with counts that do not match their acknowledged holds";
        return result;
    }

    // Enough seats that no event sells out during the run, whatever the number of events.
    private static int SeatsPerEvent(int events) => Math.Clamp(1_000_000 / events, 10_000, 1_000_000);
}

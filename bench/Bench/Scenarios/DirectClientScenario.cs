using TicketBoss.Grains;
using TicketBoss.Runtime.Client;

namespace TicketBoss.Bench.Scenarios;

/// <summary>
/// Holds on one hot event through the cluster client: straight to the owning silo's grain, no HTTP gateway.
/// "Connections" here are concurrent callers sharing the client's multiplexed HTTP/2 connections.
/// </summary>
internal static class DirectClientScenario
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<string> seeds, string clusterKey, int callers, TimeSpan duration)
    {
        await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions { Seeds = [.. seeds], ClusterKey = clusterKey });
        var eventId = "evt_bench" + Guid.NewGuid().ToString("N")[..12];
        var grain = client.GetGrain<IEventGrain>(eventId);
        var created = await grain.CreateAsync(new EventDefinition("bench direct", 1_000_000));
        if (!created.IsSuccess)
        {
            throw new InvalidOperationException(created.Error!.Message);
        }
        var request = new HoldRequest(Quantity: 1, TtlSeconds: 900);
        var acknowledged = 0;
        var result = await LoadDriver.RunAsync("direct cluster client, 1-seat holds", callers, duration, async _ =>
        {
            var outcome = await grain.HoldAsync(request);
            if (outcome.IsSuccess)
            {
                Interlocked.Increment(ref acknowledged);
            }
            return new LoadDriver.Answer(outcome.IsSuccess ? 201 : 409);
        });
        var snapshot = (await grain.GetSnapshotAsync()).Value!;
        result.CheckPassed = snapshot.Available + snapshot.Held + snapshot.Booked == snapshot.Total && snapshot.Held == acknowledged;
        result.Check = $"event {eventId}: total {snapshot.Total} = available {snapshot.Available} + held {snapshot.Held} + booked {snapshot.Booked}; held = {acknowledged} acknowledged holds";
        return result;
    }
}

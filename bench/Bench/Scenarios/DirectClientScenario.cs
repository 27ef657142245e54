using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using TicketBoss.Grains;

namespace TicketBoss.Bench.Scenarios;

/// <summary>
/// Holds on one hot event through an Orleans client: through a silo's gateway to the grain, no HTTP.
/// "Connections" here are concurrent callers sharing the client's connections to the silos' gateways.
/// </summary>
internal static class DirectClientScenario
{
    public static async Task<LoadResult> RunAsync(string postgres, int callers, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = ("ticketboss", "ticketboss"))
            .UseAdoNetClustering(table => (table.Invariant, table.ConnectionString) = ("Npgsql", postgres)));
        using var host = builder.Build();
        await host.StartAsync();
        var eventId = "evt_bench" + Guid.NewGuid().ToString("N")[..12];
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId);
        var created = await grain.CreateAsync(new EventDefinition("bench direct", 1_000_000));
        if (!created.IsSuccess)
        {
            throw new InvalidOperationException(created.Error!.Message);
        }
        var request = new HoldRequest(Quantity: 1, TtlSeconds: 900);
        var acknowledged = 0;
        var result = await LoadDriver.RunAsync("direct Orleans client, 1-seat holds", callers, duration, async _ =>
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
        await host.StopAsync();
        return result;
    }
}

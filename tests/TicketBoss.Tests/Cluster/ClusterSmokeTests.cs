using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>Three TicketBoss silos form one cluster in PostgreSQL and each serves its share of the events.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AThreeSiloClusterIsActiveInTheMembershipTableAndServesEventsFromEverySilo()
    {
        await using var cluster = await OrleansCluster.StartAsync("spread", silos: 3);
        var silos = cluster.Silos;
        Assert.Equal(3, silos.Count);

        // Every silo is a row of the ADO.NET membership table, Active, under the production cluster id.
        var table = await cluster.MembershipTableAsync();
        Assert.Equal(silos.Select(s => s.SiloAddress.ToString()).Order(), table.Keys.Order());
        Assert.All(table, row => Assert.Equal(SiloStatus.Active, row.Value));

        // Events created through the client are placed over all three silos, one activation each. Orleans's default
        // placement (resource-optimized) scores silos by the load they last published (every second): a burst of
        // creations lands mostly on one silo, so they come in batches, each placed on the load the last one left.
        var ids = new List<string>();
        for (var batch = 0; batch < 4; batch++)
        {
            if (batch > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }
            ids.AddRange(await CreateEventsAsync(cluster.Client, $"spread{batch}", 15, 100));
        }
        var placement = await cluster.PlacementAsync();
        Assert.Equal(ids.Order(), placement.Keys.Order());
        var perSilo = silos.ToDictionary(s => s.Name, s => placement.Values.Count(a => a.Equals(s.SiloAddress)));
        output.WriteLine("events per silo: " + string.Join(", ", perSilo.Select(p => $"{p.Key} {p.Value}")));
        Assert.All(perSilo, p => Assert.True(p.Value >= 5, $"{p.Key} hosts {p.Value} of the 60 events."));

        // A call from inside any silo reaches the one activation of an event hosted on another silo.
        foreach (var silo in silos)
        {
            var grains = OrleansCluster.ServicesOf(silo).GetRequiredService<IGrainFactory>();
            var elsewhere = placement.Where(p => !p.Value.Equals(silo.SiloAddress)).Select(p => p.Key).Take(5).ToList();
            foreach (var id in elsewhere)
            {
                (await grains.Event(id).HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 300))).Ok($"hold on {id} from {silo.Name}");
            }
        }
        Assert.Equal(placement, await cluster.PlacementAsync());
        var held = await Db.ScalarAsync<long>(cluster.ConnectionString, "SELECT sum(held) FROM events");
        Assert.Equal(15L, held);
        await AssertStorageConsistentAsync(cluster.ConnectionString);
    }
}

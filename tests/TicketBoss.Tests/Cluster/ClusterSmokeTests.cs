using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Cluster;

/// <summary>Grains are placed across the silos and reached from anywhere.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterSmokeTests
{
    [Fact]
    public async Task EventsSpreadAcrossSilosAndEachHasOneActivation()
    {
        await using var cluster = await TestCluster.StartAsync(TestDatabase.CreateIsolated("spread"), silos: 3);
        var ids = Enumerable.Range(0, 60).Select(i => $"evt_spread_{i}").ToList();
        foreach (var id in ids)
        {
            Assert.True((await cluster.Client.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Spread", 10))).IsSuccess);
        }

        Assert.All(cluster.Silos, s => Assert.InRange(s.Status.ActivationCount, 5, 55));
        Assert.All(ids, id => Assert.NotNull(cluster.OwnerOf(id)));
    }
}

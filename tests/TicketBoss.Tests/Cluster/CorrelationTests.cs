using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;

namespace TicketBoss.Tests.Cluster;

/// <summary>The correlation id of a call reaches the grain that serves it, on whichever silo that is.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class CorrelationTests
{
    [Fact]
    public async Task TheCallersCorrelationIdReachesGrainsOnEverySilo()
    {
        await using var cluster = await TestCluster.StartAsync(TestDatabase.CreateIsolated("corr"), silos: 2);
        var keys = Enumerable.Range(0, 20).Select(i => $"probe-{i}").ToList();

        RequestContext.CorrelationId = "corr-from-silo";
        var viaSilo = await Task.WhenAll(keys.Select(k => cluster.Silos[0].Grains.GetGrain<ITurnProbeGrain>(k).CorrelationAsync()));
        RequestContext.CorrelationId = "corr-from-client";
        var viaClient = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<ITurnProbeGrain>(k).CorrelationAsync()));
        RequestContext.CorrelationId = null;
        var without = await cluster.Client.GetGrain<ITurnProbeGrain>("probe-0").CorrelationAsync();

        Assert.All(viaSilo, c => Assert.Equal("corr-from-silo", c));
        Assert.All(viaClient, c => Assert.Equal("corr-from-client", c));
        Assert.Null(without);
        // Both silos served some of them, so the id crossed the transport.
        Assert.All(cluster.Silos, s => Assert.True(s.Status.ActivationCount > 0));
    }
}

using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Api.Http;
using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>
/// The correlation id a caller puts in Orleans's RequestContext (as the HTTP gateway does, under
/// <see cref="CorrelationIdMiddleware.CorrelationKey"/>) reaches the EventGrain that serves the call, on another silo.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class CorrelationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheCallersCorrelationIdReachesTheEventGrainOnAnotherSiloAlongTheCallChain()
    {
        await using var cluster = await OrleansCluster.StartAsync("corr", silos: 3,
            configure: builder => builder.AddSiloBuilderConfigurator<EventCallRecorder.Configurator>());
        var ids = await CreateEventsAsync(cluster.Client, "corr", 30, 10);
        var placement = await cluster.PlacementAsync();
        var expected = new List<(string EventId, string CorrelationId)>();

        // From inside a silo, as the HTTP gateway (which co-hosts a silo) calls: to events hosted on the other silos.
        foreach (var silo in cluster.Silos)
        {
            var grains = OrleansCluster.ServicesOf(silo).GetRequiredService<IGrainFactory>();
            foreach (var id in placement.Where(p => !p.Value.Equals(silo.SiloAddress)).Select(p => p.Key).Take(3))
            {
                var correlationId = $"gateway-{silo.InstanceNumber}-{id}";
                RequestContext.Set(CorrelationIdMiddleware.CorrelationKey, correlationId);
                try
                {
                    (await grains.Event(id).GetSnapshotAsync()).Ok($"{id} from {silo.Name}");
                }
                finally
                {
                    RequestContext.Clear();
                }
                expected.Add((id, correlationId));
            }
        }

        // From the external client through a grain of the service on one silo to an event on another: two hops.
        var crossings = 0;
        for (var k = 0; k < 20 && crossings < 6; k++)
        {
            var relay = cluster.Client.GetGrain<ICorrelationRelayGrain>($"relay-{k}");
            var relaySilo = await relay.WhereAsync();
            if (placement.FirstOrDefault(p => !p.Value.Equals(relaySilo)).Key is not { } id)
            {
                continue;
            }
            var correlationId = $"client-{k}";
            RequestContext.Set(CorrelationIdMiddleware.CorrelationKey, correlationId);
            RelayReport report;
            try
            {
                report = await relay.RelayAsync(id);
            }
            finally
            {
                RequestContext.Clear();
            }
            Assert.Equal(new RelayReport(correlationId, relaySilo, true), report);
            expected.Add((id, correlationId));
            crossings++;
        }
        Assert.True(crossings > 0, "Every relay was on the one silo hosting every event.");

        // A call without one carries none.
        var unmarked = ids[0];
        (await cluster.Client.Event(unmarked).GetSeatsAsync()).Ok("seats");

        var recorded = cluster.Silos.ToDictionary(s => s.SiloAddress, s => EventCallRecorder.Of(s).Calls.ToList());
        output.WriteLine($"{expected.Count} calls checked across silos, {crossings} of them through a relay on another silo");
        foreach (var (id, correlationId) in expected)
        {
            Assert.Contains(recorded[placement[id]], call => call.EventId == id && call.CorrelationId == correlationId);
        }
        Assert.Contains(recorded[placement[unmarked]], call => call is { Method: "GetSeatsAsync", CorrelationId: null } && call.EventId == unmarked);
        // Each event's calls were all served by the silo of its one activation.
        Assert.All(recorded, silo => Assert.All(silo.Value, call => Assert.Equal(placement[call.EventId], silo.Key)));
    }
}

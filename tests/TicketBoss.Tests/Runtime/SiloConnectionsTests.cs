using System.Net;
using System.Net.Sockets;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Tests.Runtime;

/// <summary>The calling end of the transport lets go of the call streams of silos that are gone.</summary>
public sealed class SiloConnectionsTests
{
    [Fact]
    public async Task AStreamToASiloThatIsGoneIsLetGoOfOnTheNextPrune()
    {
        using var connections = new SiloConnections("key", TimeSpan.FromSeconds(2));
        var gone = new SiloMember("silo-gone", $"127.0.0.1:{UnusedPort()}", SiloMember.ActiveStatus, 0, 0, default, default);
        var method = GrainMethod.For(typeof(IEventGrain).GetMethod(nameof(IEventGrain.GetSnapshotAsync))!);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            connections.CallAsync<object>(gone, new GrainId("EventGrain", "evt_gone"), method, [], CallDeadline.After(TimeSpan.FromSeconds(5))));
        Assert.Equal(1, connections.StreamCount);

        connections.PruneBroken();

        Assert.Equal(0, connections.StreamCount);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

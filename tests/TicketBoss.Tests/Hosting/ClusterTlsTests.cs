using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Hosting;

/// <summary>Guarantee 7: nobody outside the cluster calls grains. Beyond loopback members need certificates from the cluster's authority.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterTlsTests
{
    [Fact]
    public async Task ASiloReachableBeyondLoopbackRefusesToStartWithoutMutualTls()
    {
        var database = TestDatabase.CreateIsolated("tlsrefuse");
        // A documentation address (TEST-NET-1): the silo must refuse before it sends anything anywhere.
        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            TestSilo.StartAsync(database, settings: new Dictionary<string, string?> { ["Silo:AdvertisedAddress"] = "192.0.2.10" }));
        Assert.Contains("beyond loopback", failure.Message);
    }

    [Fact]
    public async Task SilosWithCertificatesOfTheClusterAuthorityFormOneClusterAndServeEvents()
    {
        using var certificates = new ClusterCertificates("ticketboss");
        var database = TestDatabase.CreateIsolated("tlsjoin");
        await using var first = await TestSilo.StartAsync(database, settings: certificates.SettingsFor(certificates.Issue("silo-a")));
        await using var second = await TestSilo.StartAsync(database, settings: certificates.SettingsFor(certificates.Issue("silo-b")));

        await Poll.UntilAsync(async () => (await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2,
            TimeSpan.FromSeconds(20), "both silos Active");
        // Events land on both silos; every call between them goes over TLS.
        for (var i = 0; i < 10; i++)
        {
            var created = await second.Grains.GetGrain<IEventGrain>($"evt_tls_{i}").CreateAsync(new EventDefinition("TLS", 5));
            Assert.True(created.IsSuccess);
            Assert.Equal(5, (await first.Grains.GetGrain<IEventGrain>($"evt_tls_{i}").GetSnapshotAsync()).Value!.Available);
        }
    }

    [Fact]
    public async Task ASiloWithACertificateFromAnotherAuthorityNeverJoins()
    {
        using var ours = new ClusterCertificates("ticketboss");
        using var theirs = new ClusterCertificates("intruder");
        var database = TestDatabase.CreateIsolated("tlsforeign");
        await using var member = await TestSilo.StartAsync(database, settings: ours.SettingsFor(ours.Issue("silo-a")));

        var intruder = theirs.SettingsFor(theirs.Issue("silo-x"));
        intruder["Membership:MaxJoinAttemptTime"] = "00:00:08";
        await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(database, settings: intruder));
        Assert.Single(await member.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
    }
}

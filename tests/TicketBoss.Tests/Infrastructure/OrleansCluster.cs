using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using TicketBoss.Grains;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// An Orleans <see cref="TestCluster"/> of TicketBoss silos, each set up by the product's own
/// <see cref="TicketingSiloBuilderExtensions.AddTicketing"/> on a database of its own (ADO.NET clustering, reminders and
/// storage on PostgreSQL), with the TestingHost's client finding the silos' gateways in the membership table as any
/// direct Orleans client does.
/// </summary>
/// <remarks>
/// How settings reach a silo: the per-test values (connection string, test settings) go into
/// <see cref="TestClusterBuilder.Properties"/>, which TestingHost puts into every silo's and the client's configuration.
/// TestingHost adds, per silo, the endpoint it assigned (<c>Orleans:Endpoints:SiloPort</c>,
/// <c>Orleans:EndPoints:GatewayPort</c>, <c>Orleans:Endpoints:AdvertisedIPAddress</c>; read from 10.4.2's
/// <c>TestSiloSpecificOptions.ToDictionary</c>). <see cref="TicketingSiloConfigurator"/> copies those into the
/// <c>Silo:*</c> keys AddTicketing reads, so that AddTicketing's <c>ConfigureEndpoints</c>, registered after Orleans's
/// own binding of <c>Orleans:Endpoints</c>, sets the very same ports instead of its defaults (11111/30000).
/// <see cref="StartAsync"/> checks that each silo runs on the port TestingHost gave it.
/// </remarks>
public sealed class OrleansCluster : IAsyncDisposable
{
    /// <summary>The production cluster and service id (also those of the direct client example).</summary>
    public const string ClusterId = "ticketboss";

    private OrleansCluster(TestCluster cluster, string connectionString) => (Cluster, ConnectionString) = (cluster, connectionString);

    public TestCluster Cluster { get; }

    /// <summary>The cluster's database.</summary>
    public string ConnectionString { get; }

    /// <summary>An external Orleans client (TestingHost's), connected through the gateways listed in the membership table.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The silos started and not stopped or killed.</summary>
    public IReadOnlyList<SiloHandle> Silos => [.. Cluster.GetActiveSilos()];

    /// <summary>
    /// Starts <paramref name="silos"/> silos on a fresh database, then the client. <paramref name="settings"/> are more
    /// configuration for silos and client (e.g. <c>Membership:*</c>, <c>Ticketing:*</c>); <paramref name="configure"/>
    /// may add configurators of its own.
    /// </summary>
    public static async Task<OrleansCluster> StartAsync(
        string purpose, short silos = 3, IDictionary<string, string?>? settings = null, Action<TestClusterBuilder>? configure = null)
    {
        var connectionString = TestDatabase.CreateIsolated(purpose);
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = ClusterId;
        builder.Options.ServiceId = ClusterId;
        // Real TCP sockets as in production, not TestingHost's default in-memory transport: the ports are really used.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        // TICKETBOSS_TEST_SILO_LOGS=1: TestingHost's file logs of every silo and client, in logs/ under the working directory.
        builder.Options.ConfigureFileLogging = Environment.GetEnvironmentVariable("TICKETBOSS_TEST_SILO_LOGS") == "1";
        // TestingHost swaps in the experimental DistributedGrainDirectory; production runs Orleans's default directory.
        builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(type => type is not null && type.StartsWith("Orleans.TestingHost.ConfigureDistributedGrainDirectory,", StringComparison.Ordinal));
        builder.Properties["ConnectionStrings:Postgres"] = connectionString;
        builder.Properties["Ticketing:MinHoldTtlSeconds"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Properties[key] = value;
        }
        builder.AddSiloBuilderConfigurator<TicketingSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TicketingClientConfigurator>();
        configure?.Invoke(builder);

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var started = new OrleansCluster(cluster, connectionString);
            started.AssertSilosUseTheirAssignedPorts();
            return started;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Where the event's activation is, from the silos' catalogs (not the directory, whose caches may lag), or null when
    /// it has none.
    /// </summary>
    public async Task<SiloAddress?> HostOfAsync(string eventId) =>
        (await PlacementAsync()).GetValueOrDefault(eventId);

    /// <summary>Every activation of an event in the cluster: its event id and its silo.</summary>
    public async Task<Dictionary<string, SiloAddress>> PlacementAsync()
    {
        var eventType = Client.GetGrain<IEventGrain>("-").GetGrainId().Type;
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var events = statistics.Where(s => s.GrainId.Type.Equals(eventType)).ToList();
        Assert.True(events.Count == events.DistinctBy(s => s.GrainId).Count(), "An event has two activations.");
        return events.ToDictionary(s => s.GrainId.Key.ToString()!, s => s.SiloAddress);
    }

    /// <summary>The handle of the silo at <paramref name="address"/>.</summary>
    public SiloHandle Silo(SiloAddress address) => Cluster.Silos.Single(s => s.SiloAddress.Equals(address));

    /// <summary>Services of an in-process silo, e.g. a recorder a test configurator registered.</summary>
    public static IServiceProvider ServicesOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    /// <summary>
    /// The membership table as PostgreSQL holds it for this cluster: each row's silo address (as Orleans prints it,
    /// <c>S127.0.0.1:port:generation</c>) and its status.
    /// </summary>
    public async Task<Dictionary<string, SiloStatus>> MembershipTableAsync()
    {
        var rows = await Http.HttpTestHelpers.QueryAsync(ConnectionString,
            "SELECT address, port, generation, status FROM orleans_membership WHERE deployment_id = $1", ClusterId);
        return rows.ToDictionary(
            row => SiloAddress.New(IPAddress.Parse((string)row[0]!), (int)row[1]!, (int)row[2]!).ToString(),
            row => (SiloStatus)(int)row[3]!);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private void AssertSilosUseTheirAssignedPorts()
    {
        var options = Cluster.Options;
        foreach (var silo in Cluster.Silos)
        {
            var assigned = (Silo: options.BaseSiloPort + silo.InstanceNumber, Gateway: options.BaseGatewayPort + silo.InstanceNumber);
            var used = (Silo: silo.SiloAddress.Endpoint.Port, Gateway: silo.GatewayAddress?.Endpoint.Port ?? 0);
            Assert.True(assigned == used, $"Silo {silo.Name} was given ports {assigned} by TestingHost but runs on {used}.");
        }
    }
}

/// <summary>
/// A TestingHost silo set up as production sets it up: <see cref="TicketingSiloBuilderExtensions.AddTicketing"/> with
/// the test's configuration and the endpoint TestingHost assigned to this silo.
/// </summary>
public sealed class TicketingSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var given = siloBuilder.Configuration;
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(given)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Silo:ClusterId"] = OrleansCluster.ClusterId,
                ["Silo:ServiceId"] = OrleansCluster.ClusterId,
                ["Silo:AdvertisedAddress"] = Required(given, "Orleans:Endpoints:AdvertisedIPAddress"),
                ["Silo:SiloPort"] = Required(given, "Orleans:Endpoints:SiloPort"),
                ["Silo:GatewayPort"] = Required(given, "Orleans:Endpoints:GatewayPort"),
            })
            .Build();
        siloBuilder.AddTicketing(configuration);
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"TestingHost gave the silo no {key}.");
}

/// <summary>The TestingHost client as a direct TicketBoss client is set up (examples/DirectClient): ADO.NET clustering on the cluster's database.</summary>
public sealed class TicketingClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("The test cluster has no ConnectionStrings:Postgres.");
        clientBuilder
            .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (OrleansCluster.ClusterId, OrleansCluster.ClusterId))
            .UseAdoNetClustering(table => (table.Invariant, table.ConnectionString) = (TicketingSiloBuilderExtensions.Invariant, connectionString));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Client;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Tests.Runtime;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// Several silos in this test process on one real database (like Orleans's TestingHost), each with its own
/// internal HTTP/2 endpoint, plus a cluster client. Silos can be added, stopped gracefully, or crashed.
/// Timings are shortened: heartbeat 200 ms, death timeout 1.5 s.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string Key = "test-cluster-key";

    /// <summary>Death timeout plus a heartbeat: how long the others take to notice a crashed silo.</summary>
    public static readonly TimeSpan DetectionTime = TimeSpan.FromMilliseconds(1700);

    private readonly List<ClusterSilo> _silos = [];
    private ClusterClient? _client;

    private TestCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    /// <summary>Silos started and not stopped or crashed.</summary>
    public IReadOnlyList<ClusterSilo> Silos => _silos;

    /// <summary>A cluster client connected through the first silo's endpoint.</summary>
    public ClusterClient Client => _client ?? throw new InvalidOperationException("The cluster has no client yet.");

    public static async Task<TestCluster> StartAsync(string connectionString, int silos)
    {
        var cluster = new TestCluster(connectionString);
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }
        cluster._client = await ClusterClient.ConnectAsync(new ClusterClientOptions
        {
            Seeds = [.. cluster._silos.Select(s => s.Address)],
            ClusterKey = Key,
            RefreshInterval = TimeSpan.FromMilliseconds(200),
            SuspicionDuration = TimeSpan.FromSeconds(2),
            CallTimeout = TimeSpan.FromSeconds(20),
        });
        await cluster.WaitForActiveSilosAsync(silos);
        return cluster;
    }

    public async Task<ClusterSilo> AddSiloAsync()
    {
        var silo = await ClusterSilo.StartAsync(ConnectionString);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>The silo whose activation owns the grain now (the one that has it activated).</summary>
    public ClusterSilo? OwnerOf(string eventId) =>
        _silos.SingleOrDefault(s => s.Catalog.Find(new GrainId("EventGrain", eventId)) is not null);

    /// <summary>Graceful stop: commits, leaves the table and forwards stragglers.</summary>
    public async Task StopSiloAsync(ClusterSilo silo)
    {
        _silos.Remove(silo);
        await silo.DisposeAsync();
    }

    /// <summary>Abrupt death: no commit, no leave, connections cut, heartbeats stop.</summary>
    public async Task CrashSiloAsync(ClusterSilo silo)
    {
        _silos.Remove(silo);
        await silo.CrashAsync();
    }

    /// <summary>Waits until the client sees exactly <paramref name="count"/> Active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Client.Members.Count(m => m.IsActive) != count || _silos.Any(s => s.Membership.Members.Count(m => m.IsActive) != count))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The cluster did not settle on {count} Active silos.");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        foreach (var silo in _silos.AsEnumerable().Reverse().ToList())
        {
            await silo.DisposeAsync();
        }
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _gone;

    private ClusterSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Calls this silo's own activations, whatever the placement, with no retry.</summary>
    public IGrainFactory LocalGrains => Catalog.LocalGrainFactory;

    public ISiloStatus Status => _host.Services.GetRequiredService<ISiloStatus>();

    public string Id => Status.SiloId;

    public string Address => Status.Address;

    internal ActivationCatalog Catalog => _host.Services.GetRequiredService<ActivationCatalog>();

    internal IClusterMembership Membership => _host.Services.GetRequiredService<IClusterMembership>();

    public static async Task<ClusterSilo> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSilo(connectionString, options =>
            {
                options.ClusterKey = TestCluster.Key;
                options.ReminderPollInterval = TimeSpan.FromMilliseconds(200);
                options.CallTimeout = TimeSpan.FromSeconds(20);
                options.MembershipRefreshInterval = TimeSpan.FromMilliseconds(200);
                options.DeathTimeout = TimeSpan.FromMilliseconds(1500);
                options.ShutdownForwardingGrace = TimeSpan.FromMilliseconds(500);
            })
            .AddTicketing()
            .AddGrain<ITurnProbeGrain, TurnProbeGrain>();
        builder.Services.Configure<TicketingOptions>(o => o.MinHoldTtlSeconds = 1);
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterSilo(host);
    }

    internal async Task CrashAsync()
    {
        _gone = true;
        await _host.Services.GetRequiredService<SiloHost>().CrashAsync();
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_gone)
        {
            return;
        }
        _gone = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Tests.Runtime;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>A silo host (no HTTP) with the ticketing grains and the runtime's test grains, on a real database.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Calls this silo's own activations, whatever the placement, with no retry.</summary>
    public IGrainFactory LocalGrains => _host.Services.GetRequiredService<ActivationCatalog>().LocalGrainFactory;

    public ISiloStatus Status => _host.Services.GetRequiredService<ISiloStatus>();

    public RuntimeMetrics Metrics => _host.Services.GetRequiredService<RuntimeMetrics>();

    /// <summary>The silo's commit executor, to see how many commits wait for a transaction.</summary>
    internal CommitExecutor Commits => _host.Services.GetRequiredService<CommitExecutor>();

    /// <summary>How many silos this silo's current view holds as Active.</summary>
    internal int ActiveSilos => _host.Services.GetRequiredService<ClusterMembership>().View.Active.Count();

    /// <summary>True when this silo's current view places the grain here (its reminders then fire here).</summary>
    internal bool Owns(GrainId grainId) => _host.Services.GetRequiredService<ClusterMembership>().IsLocal(grainId);

    /// <summary>The PostgreSQL data source the silo's grains and commits use.</summary>
    public Npgsql.NpgsqlDataSource DataSource => _host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

    public static async Task<TestSilo> StartAsync(string connectionString, Action<SiloOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSilo(connectionString, options =>
            {
                options.ReminderPollInterval = TimeSpan.FromMilliseconds(200);
                options.CallTimeout = TimeSpan.FromSeconds(20);
                configure?.Invoke(options);
            })
            .AddTicketing()
            .AddGrain<ITurnProbeGrain, TurnProbeGrain>();
        builder.Services.Configure<TicketingOptions>(o => o.MinHoldTtlSeconds = 1);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

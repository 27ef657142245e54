using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketBoss.Grains;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>A real Orleans silo (no HTTP) with the ticketing grains, set up as production sets it up, on a real database.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public CommitMetrics Metrics => _host.Services.GetRequiredService<CommitMetrics>();

    /// <summary>The silo's commit batcher, to see how commits share transactions.</summary>
    internal CommitBatcher Commits => _host.Services.GetRequiredService<CommitBatcher>();

    /// <summary>The PostgreSQL data source the silo's grains and commits use.</summary>
    public Npgsql.NpgsqlDataSource DataSource => _host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

    /// <param name="connectionString">The database.</param>
    /// <param name="clusterId">Silos with the same database and cluster id form one cluster.</param>
    /// <param name="settings">More configuration, over <see cref="SiloSettings"/>.</param>
    /// <param name="configure">Orleans options a test sets beyond the ticketing set-up (reminder refresh, collection age).</param>
    public static async Task<TestSilo> StartAsync(
        string connectionString, string clusterId = "ticketboss", IDictionary<string, string?>? settings = null, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(SiloSettings.For(connectionString, clusterId));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.AddTicketing(builder.Configuration);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new TestSilo(host);
    }

    /// <summary>Stops gracefully: the silo leaves the cluster.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

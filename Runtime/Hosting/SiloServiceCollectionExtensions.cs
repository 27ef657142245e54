using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Reminders;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Runtime.Hosting;

/// <summary>Registers a silo in a host: <c>services.AddSilo(connectionString).AddGrain&lt;IFoo, Foo&gt;()</c>.</summary>
public static class SiloServiceCollectionExtensions
{
    public static SiloBuilder AddSilo(this IServiceCollection services, string connectionString, Action<SiloOptions>? configure = null)
    {
        var registry = new GrainTypeRegistry();
        services.AddOptions<SiloOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddSingleton(registry);
        services.AddSingleton<CommitExecutor>();
        services.AddSingleton<ReminderTable>();
        services.AddMetrics();
        services.AddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<MetricsCollector>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton(sp => new ClusterMembership(SuspicionOf(sp.GetRequiredService<IOptions<SiloOptions>>().Value)));
        services.AddSingleton<IClusterMembership>(sp => sp.GetRequiredService<ClusterMembership>());
        services.AddSingleton(sp => new SiloConnections(sp.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterKey, ConnectTimeout));
        services.AddSingleton<ActivationCatalog>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            var catalog = sp.GetRequiredService<ActivationCatalog>();
            var sender = new ClusterCallSender(
                sp.GetRequiredService<ClusterMembership>(), sp.GetRequiredService<SiloConnections>(), catalog,
                options.CallTimeout, options.CallRetries, options.MaxForwardHops);
            catalog.GrainFactory = new GrainFactory(sender);
            return sender;
        });
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<ClusterCallSender>();
            return sp.GetRequiredService<ActivationCatalog>().GrainFactory;
        });
        services.AddSingleton<MembershipTable>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<SiloTransportServer>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<SiloHost>();
        services.AddSingleton<ISiloStatus>(sp => new SiloStatus(
            sp.GetRequiredService<SiloHost>(), sp.GetRequiredService<ActivationCatalog>(), sp.GetRequiredService<ClusterMembership>()));
        services.AddHostedService(sp => sp.GetRequiredService<SiloHost>());
        services.AddSingleton(new MigrationSource("runtime", typeof(SiloHost).Assembly, "Persistence.Migrations"));
        return new SiloBuilder(services, registry);
    }

    /// <summary>How long to connect to a silo before calling it unreachable.</summary>
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A silo that refused a connection is skipped until the table has had time to declare it dead.</summary>
    internal static TimeSpan SuspicionOf(SiloOptions options) => options.DeathTimeout + (2 * options.MembershipRefreshInterval);

    /// <summary>
    /// The silo's PostgreSQL data source. Its statements are the same few over and over (commits, reminders,
    /// heartbeats), so Npgsql prepares them automatically unless the connection string says otherwise: planning
    /// them each time was half of PostgreSQL's work per commit.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is known, not whether it was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        return builder.Build();
    }
}

/// <summary>Adds grains and their migrations to a silo.</summary>
public sealed class SiloBuilder(IServiceCollection services, GrainTypeRegistry registry)
{
    public IServiceCollection Services => services;

    public SiloBuilder AddGrain<TInterface, TImplementation>() where TInterface : IGrain where TImplementation : Grain, TInterface
    {
        registry.Add<TInterface, TImplementation>();
        return this;
    }

    public SiloBuilder AddMigrations(MigrationSource source)
    {
        services.AddSingleton(source);
        return this;
    }
}

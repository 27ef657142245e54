using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using TicketBoss.Grains.Hosting;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Grains;

/// <summary>
/// Everything a TicketBoss silo needs, from configuration: its cluster (ADO.NET clustering on PostgreSQL), reminders,
/// the event storage with group commit, the default storage for small documents, and the schema.
/// </summary>
public static class TicketingSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL; Orleans's providers default to SQL Server's.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Reads <c>ConnectionStrings:Postgres</c>, <c>Silo</c> (<see cref="SiloHostingOptions"/>), <c>Ticketing</c>
    /// (<see cref="TicketingOptions"/>) and <c>Membership</c> (Orleans's <see cref="ClusterMembershipOptions"/>).
    /// </summary>
    public static ISiloBuilder AddTicketing(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (env ConnectionStrings__Postgres).");
        var hosting = configuration.GetSection("Silo").Get<SiloHostingOptions>() ?? new SiloHostingOptions();

        silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (hosting.ClusterId, hosting.ServiceId));
        silo.Configure<SiloOptions>(options => options.SiloName = hosting.Name);
        ClusterEndpoints.Configure(silo, hosting);
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.AddAdoNetGrainStorageAsDefault(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Configure<ClusterMembershipOptions>(TuneFailureDetection);
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Membership"));
        silo.Services.AddOptions<TicketingOptions>().Bind(configuration.GetSection("Ticketing"));
        // A storage failure from Orleans's ADO.NET providers carries Npgsql's exception inside; let it cross silos.
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddSingleton<CommitMetrics>();
        services.AddSingleton<CommitBatcher>();
        services.AddSingleton<EventHistory>();
        services.AddHostedService<HoldRetention>();
        services.AddSingleton<TicketingMetrics>();
        services.AddGrainStorage(EventStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<EventStorage>(sp));
        services.AddSingleton(new MigrationSource("orleans", typeof(EventStorage).Assembly, "Storage.OrleansMigrations"));
        services.AddSingleton(new MigrationSource("ticketing", typeof(EventStorage).Assembly, "Storage.Migrations"));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigration>();
        return silo;
    }

    /// <summary>
    /// A killed silo is declared dead within about 2 s (two missed probes of 1 s, a vote of two silos), so its events
    /// answer elsewhere soon after; defaults are 10 s probes and 3 misses. Measured under full load: no healthy silo
    /// was declared dead (docs/operations.md).
    /// </summary>
    private static void TuneFailureDetection(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(1);
        membership.NumMissedProbesLimit = 2;
    }

    /// <summary>
    /// The silo's PostgreSQL data source. Its statements are the same few over and over (commits, checks), so Npgsql
    /// prepares them automatically unless the connection string says otherwise: planning them each time was half of
    /// PostgreSQL's work per commit.
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

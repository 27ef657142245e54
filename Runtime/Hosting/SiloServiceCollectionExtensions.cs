using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Reminders;

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
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton(registry);
        services.AddSingleton<CommitExecutor>();
        services.AddSingleton<ReminderTable>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ActivationCatalog>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<SiloHost>();
        services.AddSingleton<ISiloStatus>(sp => new SiloStatus(sp.GetRequiredService<SiloHost>(), sp.GetRequiredService<ActivationCatalog>()));
        services.AddHostedService(sp => sp.GetRequiredService<SiloHost>());
        services.AddSingleton(sp => sp.GetRequiredService<ActivationCatalog>().GrainFactory);
        services.AddSingleton(new MigrationSource("runtime", typeof(SiloHost).Assembly, "Persistence.Migrations"));
        return new SiloBuilder(services, registry);
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

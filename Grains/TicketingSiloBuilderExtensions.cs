using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Grains.Domain;
using TicketBoss.Grains.Storage;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Persistence;

namespace TicketBoss.Grains;

/// <summary>Adds the ticketing grains, their storage and their schema to a silo.</summary>
public static class TicketingSiloBuilderExtensions
{
    public static SiloBuilder AddTicketing(this SiloBuilder silo, IConfiguration? ticketing = null)
    {
        var options = silo.Services.AddOptions<TicketingOptions>();
        if (ticketing is not null)
        {
            options.Bind(ticketing);
        }
        silo.Services.AddSingleton<IGrainStorage<TicketEvent>, EventStore>();
        silo.Services.AddSingleton<TicketingMetrics>();
        return silo
            .AddGrain<IEventGrain, EventGrain>()
            .AddGrain<IEventDirectoryGrain, EventDirectoryGrain>()
            .AddGrain<IIdempotencyGrain, IdempotencyGrain>()
            .AddMigrations(new MigrationSource("ticketing", typeof(EventStore).Assembly, "Storage.Migrations"));
    }
}

using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Grains.Hosting;

/// <summary>
/// Applies the schema before anything in the silo touches PostgreSQL: Orleans's clustering, reminder and storage
/// providers read their queries from the <c>OrleansQuery</c> table when they start.
/// </summary>
internal sealed class SchemaMigration(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<SchemaMigration>(ServiceLifecycleStage.First,
            cancellationToken => services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken));
}

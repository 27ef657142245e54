namespace TicketBoss.Tests.Infrastructure;

/// <summary>Drops activations so that the next call reloads from PostgreSQL.</summary>
public static class Activations
{
    /// <summary>Collects every idle activation in the cluster now (Orleans's management grain), as idle collection would.</summary>
    public static Task DeactivateAllAsync(this IGrainFactory grains) =>
        grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
}

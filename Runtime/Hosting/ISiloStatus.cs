using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;

namespace TicketBoss.Runtime.Hosting;

/// <summary>What the host may ask of the silo: is it serving, who it is, and how busy it is.</summary>
public interface ISiloStatus
{
    bool IsRunning { get; }

    /// <summary>The current incarnation's id in the membership table.</summary>
    string SiloId { get; }

    /// <summary>Where other silos and clients reach this silo (host:port of its internal endpoint).</summary>
    string Address { get; }

    int ActivationCount { get; }

    /// <summary>Deactivates every activation after committing it; later calls reload from storage.</summary>
    Task DeactivateAllAsync();
}

internal sealed class SiloStatus(SiloHost host, ActivationCatalog catalog, ClusterMembership membership) : ISiloStatus
{
    public bool IsRunning => host.IsRunning;
    public string SiloId => membership.LocalSiloId ?? "";
    public string Address => host.Address;
    public int ActivationCount => catalog.Count;
    public Task DeactivateAllAsync() => catalog.DeactivateAllAsync();
}

using TicketBoss.Runtime.Activation;

namespace TicketBoss.Runtime.Hosting;

/// <summary>What the host may ask of the silo: is it serving, and how busy it is.</summary>
public interface ISiloStatus
{
    bool IsRunning { get; }
    int ActivationCount { get; }

    /// <summary>Deactivates every activation after committing it; later calls reload from storage.</summary>
    Task DeactivateAllAsync();
}

internal sealed class SiloStatus(SiloHost host, ActivationCatalog catalog) : ISiloStatus
{
    public bool IsRunning => host.IsRunning;
    public int ActivationCount => catalog.Count;
    public Task DeactivateAllAsync() => catalog.DeactivateAllAsync();
}

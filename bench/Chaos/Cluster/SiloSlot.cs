namespace TicketBoss.Chaos.Cluster;

/// <summary>One silo position of the cluster: fixed ports (silo and client gateway) and whichever process serves them now.</summary>
internal sealed class SiloSlot(string name, int port, int gatewayPort, Func<SiloSlot, ServiceProcess> start) : IDisposable
{
    public string Name { get; } = name;

    public int Port { get; } = port;

    public int GatewayPort { get; } = gatewayPort;

    public string Address => $"127.0.0.1:{Port}";

    public ServiceProcess Process { get; private set; } = null!;

    /// <summary>True while the process is stopped with SIGSTOP.</summary>
    public bool Paused { get; set; }

    /// <summary>Starts a fresh process on the slot's port (the previous one must be gone).</summary>
    public void Start()
    {
        Process?.Dispose();
        Process = start(this);
        Paused = false;
    }

    public void Dispose() => Process?.Dispose();
}

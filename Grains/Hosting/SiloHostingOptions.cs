namespace TicketBoss.Grains.Hosting;

/// <summary>Where a silo listens and which cluster it joins (section <c>Silo</c>).</summary>
public sealed class SiloHostingOptions
{
    /// <summary>The cluster's id: silos and clients with the same id find each other in the membership table. Default <c>ticketboss</c>.</summary>
    public string ClusterId { get; set; } = "ticketboss";

    /// <summary>The service's id, which keys reminders and grain state across deployments. Default <c>ticketboss</c>.</summary>
    public string ServiceId { get; set; } = "ticketboss";

    /// <summary>
    /// This silo's name in the membership table and <c>/cluster</c>. Default <c>{machine}-{process id}</c>, so that an
    /// operator (or the failover bench) can tell which process a member is.
    /// </summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// Address (or host name) other silos and clients reach this silo on. Default 127.0.0.1: nothing beyond this machine
    /// can call grains. Beyond loopback, <see cref="Tls"/> is required.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the silo-to-silo endpoint. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (direct callers of grains) connect. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Mutual TLS on both ports: required beyond loopback.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}

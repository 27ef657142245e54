namespace TicketBoss.Runtime.Client;

/// <summary>Settings of a cluster client (section <c>Cluster</c>).</summary>
public sealed class ClusterClientOptions
{
    /// <summary>Internal endpoints (<c>host:port</c>) of silos to learn the cluster from; any one alive is enough.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>The cluster's shared secret (the silos' <c>Silo:ClusterKey</c>).</summary>
    public string ClusterKey { get; set; } = "";

    /// <summary>How long a caller waits for a grain's answer. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the client rereads the membership from a silo. Default 1 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a call that did not take effect is retried (with backoff from 25 ms). Default 5.</summary>
    public int CallRetries { get; set; } = 5;

    /// <summary>A silo that refused a connection is skipped for this long. Default 6 s (death timeout plus two refreshes).</summary>
    public TimeSpan SuspicionDuration { get; set; } = TimeSpan.FromSeconds(6);
}

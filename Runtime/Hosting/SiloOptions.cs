namespace TicketBoss.Runtime.Hosting;

/// <summary>Settings of a silo (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>How long a caller waits for a grain's answer. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation with no call for this long is collected. Default 10 min.</summary>
    public TimeSpan ActivationIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for. Default 30 s.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reminder table is polled. Default 500 ms.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reminders due within this window are scheduled at their exact due time. Default 1 s.</summary>
    public TimeSpan ReminderLookahead { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A fired reminder still in the table after this long is fired again. Default 5 s.</summary>
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many due reminders are read per poll. Default 10,000.</summary>
    public int ReminderBatchLimit { get; set; } = 10_000;

    /// <summary>Address the silo's internal HTTP/2 endpoint listens on. Default 127.0.0.1; use 0.0.0.0 in containers.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the internal endpoint. Default 0: any free port (the actual one is published in the membership table).</summary>
    public int SiloPort { get; set; }

    /// <summary>Host name other silos and clients use to reach this one. Default: <see cref="ListenAddress"/>.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// Secret shared by every silo and client of the cluster; calls without it are refused (401). Default empty,
    /// which is only accepted when listening on loopback.
    /// </summary>
    public string ClusterKey { get; set; } = "";

    /// <summary>How often the silo heartbeats and rereads the membership table. Default 1 s.</summary>
    public TimeSpan MembershipRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose last heartbeat is older than this (database clock) is declared dead. Default 4 s.</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How many times a call that did not take effect is retried (with backoff from 25 ms). Default 5.</summary>
    public int CallRetries { get; set; } = 5;

    /// <summary>A call is forwarded between silos at most this many times while their views disagree. Default 2.</summary>
    public int MaxForwardHops { get; set; } = 2;

    /// <summary>After leaving, a stopping silo keeps forwarding calls from callers with an old view for this long. Default 2 s.</summary>
    public TimeSpan ShutdownForwardingGrace { get; set; } = TimeSpan.FromSeconds(2);
}

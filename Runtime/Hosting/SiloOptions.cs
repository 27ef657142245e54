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
}

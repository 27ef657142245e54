namespace TicketBoss.Grains;

/// <summary>Limits of the ticketing rules (section <c>Ticketing</c>).</summary>
public sealed class TicketingOptions
{
    /// <summary>Most seats in one hold or direct booking. Default 100.</summary>
    public int MaxHoldQuantity { get; set; } = 100;

    /// <summary>Hold TTL when the request names none. Default 120 s.</summary>
    public int DefaultHoldTtlSeconds { get; set; } = 120;

    /// <summary>Shortest TTL a request may ask for. Default 10 s.</summary>
    public int MinHoldTtlSeconds { get; set; } = 10;

    /// <summary>Longest TTL a request may ask for. Default 900 s.</summary>
    public int MaxHoldTtlSeconds { get; set; } = 900;

    /// <summary>Most seats in one partner reservation. Default 10.</summary>
    public int MaxReservationSeats { get; set; } = 10;

    /// <summary>Largest event. Default 1,000,000 seats.</summary>
    public int MaxCapacity { get; set; } = 1_000_000;

    /// <summary>
    /// How long a hold that ended (booked, released, expired) or a cancelled booking stays in its event's memory; then
    /// it is read from PostgreSQL when asked for. Default 5 s.
    /// </summary>
    public TimeSpan EndedGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long PostgreSQL keeps a hold that ended, counted from its creation; older ones are deleted in the background
    /// (every quarter of this, between 1 s and 1 min) and are unknown from then on (404). Default null: kept for ever.
    /// </summary>
    public TimeSpan? EndedHoldRetention { get; set; }

    /// <summary>
    /// Period of the durable reminder an event keeps while any hold is live. After its silo dies, an event's due
    /// holds return within this long of failure detection. Each tick is a grain call. Default 1 s.
    /// </summary>
    public TimeSpan ExpiryReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

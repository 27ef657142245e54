namespace TicketBoss.Api.Security;

/// <summary>Per-caller rate limit (section <c>RateLimit</c>): a token bucket per API key, or per client address when open.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a caller may make per second, sustained. Default 10,000; 0 turns the limiter off.</summary>
    public int PermitsPerSecond { get; set; } = 10_000;

    /// <summary>Requests a caller may make at once beyond the sustained rate. Default 5,000.</summary>
    public int Burst { get; set; } = 5_000;
}

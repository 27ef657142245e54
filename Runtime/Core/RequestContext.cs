namespace TicketBoss.Runtime;

/// <summary>
/// Values that travel with a call, like Orleans's RequestContext: set by the caller, carried across the silo
/// transport, and visible to the grain method that handles the call (and to the calls it makes in turn).
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<string?> Correlation = new();

    /// <summary>The correlation id of the request being served (the gateway's <c>X-Correlation-Id</c>), or null.</summary>
    public static string? CorrelationId
    {
        get => Correlation.Value;
        set => Correlation.Value = value;
    }
}

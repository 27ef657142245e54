namespace TicketBoss.Api.Security;

/// <summary>
/// API keys (section <c>Auth</c>). With none configured the API is open to everyone, says so at start-up, and listens
/// on loopback only unless <see cref="Open"/> declares that meant.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>Keys that may do everything: create and change events, direct bookings, act as any partner. Default none.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Partner id → key. A partner key acts only as its own partner. Default none.</summary>
    public Dictionary<string, string> PartnerKeys { get; set; } = [];

    /// <summary>
    /// Declares an API with no keys meant to be open beyond loopback (behind a proxy that authenticates, say).
    /// Default false: with no keys, a gateway asked to listen beyond loopback refuses to start.
    /// </summary>
    public bool Open { get; set; }
}

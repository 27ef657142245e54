namespace TicketBoss.Api.Security;

/// <summary>API keys (section <c>Auth</c>). With none configured the API is open to everyone, and says so at start-up.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Keys that may do everything: create and change events, direct bookings, act as any partner. Default none.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Partner id → key. A partner key acts only as its own partner. Default none.</summary>
    public Dictionary<string, string> PartnerKeys { get; set; } = [];
}

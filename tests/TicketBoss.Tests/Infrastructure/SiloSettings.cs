namespace TicketBoss.Tests.Infrastructure;

/// <summary>The configuration of a test silo: its own ports, this run's database, holds as short as 1 s.</summary>
public static class SiloSettings
{
    /// <summary>
    /// Settings for a silo on <paramref name="connectionString"/>. Silos given the same database and cluster id form one
    /// cluster; a different <paramref name="clusterId"/> on the same database makes a second cluster that shares the
    /// event rows (two activations of one event, as after a split).
    /// </summary>
    public static Dictionary<string, string?> For(string connectionString, string clusterId = "ticketboss") => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        ["Silo:ClusterId"] = clusterId,
        ["Silo:SiloPort"] = FreePorts.Take().ToString(),
        ["Silo:GatewayPort"] = FreePorts.Take().ToString(),
        ["Ticketing:MinHoldTtlSeconds"] = "1",
    };
}

using System.Security.Cryptography;

namespace TicketBoss.Runtime.Cluster;

/// <summary>Names silo incarnations: a silo that was declared dead rejoins under a new id.</summary>
internal static class SiloIdentity
{
    public static string NewId() => $"silo-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}

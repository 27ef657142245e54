using System.Security.Cryptography;
using System.Text;

namespace TicketBoss.Runtime.Transport;

/// <summary>The shared secret every silo and client presents; compared in constant time.</summary>
internal sealed class ClusterKey(string key)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

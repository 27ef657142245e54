using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TicketBoss.Api.Security;

/// <summary>The configured keys, kept only as SHA-256 digests and matched in constant time.</summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Digest, ApiCaller Caller)[] _keys;

    public ApiKeyRing(IOptions<ApiKeyOptions> options)
    {
        var o = options.Value;
        _keys =
        [
            .. o.AdminKeys.Where(k => k.Length > 0).Select(k => (Digest(k), ApiCaller.Admin)),
            .. o.PartnerKeys.Where(p => p.Value.Length > 0).Select(p => (Digest(p.Value), new ApiCaller(ApiRole.Partner, p.Key))),
        ];
        if (_keys.Select(k => Convert.ToHexString(k.Digest)).Distinct().Count() != _keys.Length)
        {
            // One key for two callers would silently give its holder the rights of whichever came last.
            throw new InvalidOperationException("The same API key is configured more than once (Auth:AdminKeys / Auth:PartnerKeys); every key must be unique.");
        }
        AdminCount = o.AdminKeys.Count(k => k.Length > 0);
        PartnerCount = _keys.Length - AdminCount;
    }

    /// <summary>False when no key is configured: the API is open.</summary>
    public bool Enabled => _keys.Length > 0;

    public int AdminCount { get; }

    public int PartnerCount { get; }

    /// <summary>The caller a key belongs to, or null. Compares against every key, so the time taken says nothing about which matched.</summary>
    public ApiCaller? Resolve(string presented)
    {
        var digest = Digest(presented);
        ApiCaller? match = null;
        foreach (var (key, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, digest))
            {
                match = caller;
            }
        }
        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

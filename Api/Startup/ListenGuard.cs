using System.Net;
using TicketBoss.Api.Security;

namespace TicketBoss.Api.Startup;

/// <summary>An API with no keys answers every caller as an admin: it listens beyond loopback only when declared open.</summary>
public static class ListenGuard
{
    /// <summary>Throws when <paramref name="urls"/> reach beyond loopback, no key is configured and <c>Auth:Open</c> is not set.</summary>
    public static void Check(string? urls, ApiKeyOptions keys)
    {
        if (keys.Open || keys.AdminKeys.Count > 0 || keys.PartnerKeys.Count > 0 || string.IsNullOrEmpty(urls))
        {
            return;
        }
        var beyond = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopback(u)).ToList();
        if (beyond.Count > 0)
        {
            throw new InvalidOperationException(
                $"The API would listen beyond loopback ({string.Join(", ", beyond)}) with no API keys, open to everyone as an admin. "
                + "Configure keys (Auth:AdminKeys, Auth:PartnerKeys), listen on 127.0.0.1 (HOST), or declare it open (Auth:Open=true).");
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}

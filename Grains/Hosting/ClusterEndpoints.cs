using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace TicketBoss.Grains.Hosting;

/// <summary>
/// Where a silo listens, and who may connect: on loopback anyone on this machine; beyond it only the holders of a
/// certificate from the cluster's authority (mutual TLS), so that nobody outside the cluster can call grains.
/// </summary>
internal static class ClusterEndpoints
{
    public static void Configure(ISiloBuilder silo, SiloHostingOptions hosting)
    {
        var address = Resolve(hosting.AdvertisedAddress);
        var loopback = IPAddress.IsLoopback(address);
        // Beyond loopback the silo listens on every interface: in a container its own address is not known ahead.
        silo.ConfigureEndpoints(address, hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: !loopback);
        var tls = hosting.Tls;
        if (string.IsNullOrEmpty(tls.CertificatePath))
        {
            if (!loopback)
            {
                throw new InvalidOperationException(
                    $"Silo:AdvertisedAddress {hosting.AdvertisedAddress} is beyond loopback: set Silo:Tls:CertificatePath and "
                    + "Silo:Tls:AuthorityPath (mutual TLS) so that only members and clients of the cluster can call grains.");
            }
            return;
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
        var authority = X509CertificateLoader.LoadCertificateFromFile(
            tls.AuthorityPath ?? throw new InvalidOperationException("Silo:Tls:AuthorityPath is required with Silo:Tls:CertificatePath."));
        silo.UseTls(options =>
        {
            options.LocalCertificate = certificate;
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Members are reached by address, not by a name on the certificate: what counts is who issued it.
            options.RemoteCertificateValidation = (remote, _, _) => IssuedBy(remote, authority);
        });
    }

    /// <summary>True when <paramref name="certificate"/> chains up to <paramref name="authority"/> and nothing else.</summary>
    internal static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>An address as given, or the first IPv4 address of a host name (a container's service name).</summary>
    private static IPAddress Resolve(string address) =>
        IPAddress.TryParse(address, out var ip)
            ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"Silo:AdvertisedAddress {address} has no IPv4 address.");
}

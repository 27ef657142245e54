using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TicketBoss.Tests.Hosting;

/// <summary>A certificate authority of a test's own, and member certificates it issued, as files a silo is configured with.</summary>
internal sealed class ClusterCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ticketboss-certs-").FullName;
    private readonly X509Certificate2 _authority;

    public ClusterCertificates(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name} authority", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        AuthorityPath = Path.Combine(_directory, "authority.pem");
        File.WriteAllText(AuthorityPath, _authority.ExportCertificatePem());
    }

    public string AuthorityPath { get; }

    /// <summary>Issues a member certificate and returns the path of its PKCS#12 file (no password).</summary>
    public string Issue(string member)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={member}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(_directory, member + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12));
        return path;
    }

    /// <summary>The settings that make a silo present <paramref name="certificatePath"/> and trust this authority only.</summary>
    public Dictionary<string, string?> SettingsFor(string certificatePath) => new()
    {
        ["Silo:Tls:CertificatePath"] = certificatePath,
        ["Silo:Tls:AuthorityPath"] = AuthorityPath,
    };

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

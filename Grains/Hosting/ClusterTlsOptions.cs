namespace TicketBoss.Grains.Hosting;

/// <summary>
/// Mutual TLS between the members of a cluster and with its direct clients (section <c>Silo:Tls</c>). Required when a
/// silo is reachable beyond loopback; every member and client presents a certificate issued by the cluster's authority.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>This silo's certificate with its private key (PKCS#12, <c>.pfx</c>). Default none: no TLS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate (PEM or DER) of the authority that issued every member's and client's certificate.</summary>
    public string? AuthorityPath { get; set; }
}

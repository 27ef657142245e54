using TicketBoss.Grains;

namespace TicketBoss.Api.Startup;

/// <summary>
/// The gateway is a silo of the cluster, not an Orleans client: when a silo dies, a silo's calls in flight to it fail
/// (retryable 503) once the cluster declares it dead, about 2 s, where a client's would wait for ResponseTimeout (30 s).
/// Alone (<c>./run.sh</c>) it is the whole cluster; beside silo processes it is one more member (docs/architecture.md).
/// </summary>
public static class GrainBackend
{
    public static void AddGrainBackend(this WebApplicationBuilder builder) =>
        builder.UseOrleans(silo => silo.AddTicketing(builder.Configuration));
}

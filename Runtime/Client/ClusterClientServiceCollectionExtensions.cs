using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Cluster;

namespace TicketBoss.Runtime.Client;

/// <summary>Registers a cluster client in a host, as the <see cref="IGrainFactory"/>: <c>services.AddClusterClient(o => ...)</c>.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    public static IServiceCollection AddClusterClient(this IServiceCollection services, Action<ClusterClientOptions> configure)
    {
        services.AddOptions<ClusterClientOptions>().Configure(configure);
        services.AddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value, sp.GetRequiredService<ILogger<ClusterClient>>()));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IClusterMembership>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClusterClientHost>();
        return services;
    }

    /// <summary>Connects the client when the host starts (start-up waits until a silo answers) and closes it at stop.</summary>
    private sealed class ClusterClientHost(ClusterClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => client.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await client.DisposeAsync();
    }
}

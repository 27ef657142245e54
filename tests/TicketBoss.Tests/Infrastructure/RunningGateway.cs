using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// A started gateway that stops before it is disposed: disposing a host alone leaves its silo running on a disposed
/// data source, polling and logging failures for the rest of the test run.
/// </summary>
public sealed class RunningGateway(WebApplication app) : IAsyncDisposable
{
    private bool _stopped;

    public IServiceProvider Services => app.Services;

    /// <summary>The loopback address the gateway listens on.</summary>
    public Uri Address { get; } =
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Stops gracefully: the silo commits its activations and leaves the cluster.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}

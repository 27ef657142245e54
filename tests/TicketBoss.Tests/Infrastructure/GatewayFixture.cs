using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketBoss.Api;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// The real gateway with its in-process silo, on a real loopback port, against this run's PostgreSQL database.
/// Holds may be as short as 1 s here so that expiry can be observed quickly.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private RunningGateway? _gateway;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _gateway!.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public string ConnectionString { get; private set; } = null!;

    /// <summary>A gateway on <paramref name="connectionString"/>; gateways started on the same database form one cluster.</summary>
    public static RunningGateway Start(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var app = GatewayApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(SiloSettings.For(connectionString));
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        app.StartAsync().GetAwaiter().GetResult();
        return new RunningGateway(app);
    }

    public Task InitializeAsync()
    {
        ConnectionString = TestDatabase.CreateIsolated("gateway");
        _gateway = Start(ConnectionString);
        Client = Http.GatewayClients.Create(_gateway);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

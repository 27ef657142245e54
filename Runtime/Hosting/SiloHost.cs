using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Reminders;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Runtime.Hosting;

/// <summary>
/// Starts the silo (schema, internal endpoint, membership, reminders, idle collection) and stops it gracefully:
/// every activation commits, the silo leaves the table, and calls still arriving are forwarded to the new owners.
/// </summary>
internal sealed partial class SiloHost(
    SchemaMigrator migrator,
    ActivationCatalog catalog,
    ReminderService reminders,
    MembershipService membershipService,
    ClusterMembership membership,
    SiloTransportServer transport,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILogger<SiloHost> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private bool _crashed;

    /// <summary>True once the silo serves calls.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>The address other silos and clients reach this silo at.</summary>
    public string Address { get; private set; } = "";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ClusterKey.Length == 0 && !IPAddress.IsLoopback(IPAddress.Parse(settings.ListenAddress)))
        {
            throw new InvalidOperationException("Silo:ClusterKey must be set when the silo listens beyond loopback.");
        }
        await migrator.MigrateAsync(cancellationToken);
        transport.OnRefreshRequested = () => membershipService.RefreshAsync(CancellationToken.None);
        Address = await transport.StartAsync(cancellationToken);
        await membershipService.JoinAsync(Address, cancellationToken);
        _background = Task.WhenAll(
            reminders.RunAsync(_stopping.Token),
            CollectIdleAsync(_stopping.Token),
            membershipService.RunAsync(_stopping.Token));
        IsRunning = true;
        LogStarted(logger, membership.LocalSiloId!, Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_crashed)
        {
            return;
        }
        IsRunning = false;
        await catalog.DrainAsync(cancellationToken);
        await membershipService.LeaveAsync(cancellationToken);
        catalog.ReleaseParked();
        if (membership.View.Active.Any())
        {
            await Task.Delay(options.Value.ShutdownForwardingGrace, time, cancellationToken);
        }
        await transport.StopAsync(abort: false);
        await _stopping.CancelAsync();
        await _background.WaitAsync(cancellationToken);
        LogStopped(logger);
    }

    /// <summary>
    /// Dies as a killed process would, for tests: no more heartbeats, connections cut, activations dropped without
    /// committing, and no leave. The other silos find out through the death timeout.
    /// </summary>
    public async Task CrashAsync()
    {
        _crashed = true;
        IsRunning = false;
        await _stopping.CancelAsync();
        catalog.Crash();
        await transport.StopAsync(abort: true);
        await _background;
    }

    private async Task CollectIdleAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                catalog.CollectIdle(options.Value.ActivationIdleTimeout);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} started; internal endpoint {Address}")]
    private static partial void LogStarted(ILogger logger, string siloId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo stopped; every activation committed and the grains moved")]
    private static partial void LogStopped(ILogger logger);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Reminders;

namespace TicketBoss.Runtime.Hosting;

/// <summary>Starts the silo (schema, reminders, idle collection) and stops it, committing every activation.</summary>
internal sealed partial class SiloHost(
    SchemaMigrator migrator,
    ActivationCatalog catalog,
    ReminderService reminders,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILogger<SiloHost> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    /// <summary>True once the silo serves calls.</summary>
    public bool IsRunning { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        _background = Task.WhenAll(reminders.RunAsync(_stopping.Token), CollectIdleAsync(_stopping.Token));
        IsRunning = true;
        LogStarted(logger);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsRunning = false;
        await _stopping.CancelAsync();
        await catalog.StopAsync(cancellationToken);
        await _background.WaitAsync(cancellationToken);
        LogStopped(logger);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo stopped; every activation committed and left")]
    private static partial void LogStopped(ILogger logger);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Hosting;

namespace TicketBoss.Runtime.Reminders;

/// <summary>
/// Polls the reminder table and fires each reminder at its due time on the grain's activation
/// (activating it if needed). Each silo fires only the reminders of the grains it owns, so when a silo dies its
/// grains' reminders fire on their new owners. A reminder stays in the table until its grain changes or removes it,
/// so a failed or lost tick is simply fired again.
/// </summary>
internal sealed partial class ReminderService(
    ReminderTable table,
    ActivationCatalog catalog,
    ClusterMembership membership,
    TimeProvider time,
    IOptions<SiloOptions> options,
    ILogger<ReminderService> logger)
{
    private readonly SiloOptions _options = options.Value;

    // What is scheduled or was fired, by grain and name, so a due row is fired once per due time.
    private readonly ConcurrentDictionary<(GrainId, string), Firing> _firings = new();

    private sealed record Firing(DateTimeOffset DueAt, DateTimeOffset RetryAfter);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.ReminderPollInterval, time);
        do
        {
            try
            {
                await PollAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogPollFailed(logger, e);
            }
            catch (OperationCanceledException)
            {
                // The silo is stopping and the poll's query was cancelled with it.
                return;
            }
        }
        while (await WaitAsync(timer, stopping));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PollAsync(CancellationToken stopping)
    {
        var now = time.GetUtcNow();
        var due = await table.ReadDueAsync(now + _options.ReminderLookahead, _options.ReminderBatchLimit, stopping);
        foreach (var reminder in due)
        {
            if (!membership.IsLocal(reminder.GrainId))
            {
                continue;
            }
            var key = (reminder.GrainId, reminder.Name);
            if (_firings.TryGetValue(key, out var firing) && firing.DueAt == reminder.DueAt && firing.RetryAfter > now)
            {
                continue;
            }
            var delay = reminder.DueAt - now;
            _firings[key] = new Firing(reminder.DueAt, now + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero) + _options.ReminderRetryDelay);
            _ = FireAsync(reminder, delay, stopping);
        }
        // Forget firings of reminders that have long been handled.
        foreach (var (key, firing) in _firings)
        {
            if (firing.RetryAfter < now - _options.ReminderRetryDelay)
            {
                _firings.TryRemove(new KeyValuePair<(GrainId, string), Firing>(key, firing));
            }
        }
    }

    private async Task FireAsync(ReminderTable.DueReminder reminder, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stopping);
            }
            var call = new ReminderCall(reminder.Name, reminder.DueAt);
            catalog.Send(reminder.GrainId, call);
            await call.Done.WaitAsync(catalog.CallTimeout, stopping);
            LogFired(logger, reminder.GrainId, reminder.Name, (time.GetUtcNow() - reminder.DueAt).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFireFailed(logger, e, reminder.GrainId, reminder.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling reminders failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminder {Name} of {GrainId} fired {LatenessMs} ms after its due time")]
    private static partial void LogFired(ILogger logger, GrainId grainId, string name, double latenessMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Name} of {GrainId} failed; it will be fired again")]
    private static partial void LogFireFailed(ILogger logger, Exception exception, GrainId grainId, string name);
}

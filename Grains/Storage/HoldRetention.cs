using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Deletes the rows of holds that ended and were created more than <see cref="TicketingOptions.EndedHoldRetention"/>
/// ago, in small batches, while the silo runs; does nothing when no retention is set. Events never wait for it: it
/// touches only ended rows, which no commit changes again. Silos take turns through an advisory lock.
/// </summary>
internal sealed partial class HoldRetention(NpgsqlDataSource dataSource, IOptions<TicketingOptions> options, TimeProvider time, ILogger<HoldRetention> logger)
    : BackgroundService
{
    private const int BatchSize = 5_000;

    // An arbitrary key of this job's own (the schema migrator holds another).
    private const long LockKey = 7_421_021;

    private const string DeleteBatch =
        """
        DELETE FROM holds WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM holds WHERE created_at < $1 AND status <> 'active' LIMIT $2))
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.EndedHoldRetention is not { } retention)
        {
            return;
        }
        var period = TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                var deleted = await DeleteEndedAsync(time.GetUtcNow() - retention, stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted, retention);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes batch after batch until none is left, each in a transaction of its own.</summary>
    private async Task<long> DeleteEndedAsync(DateTimeOffset createdBefore, CancellationToken cancellation)
    {
        long total = 0;
        while (!cancellation.IsCancellationRequested)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            await using var locked = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction);
            locked.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
            if (await locked.ExecuteScalarAsync(cancellation) is not true)
            {
                return total;
            }
            await using var delete = new NpgsqlCommand(DeleteBatch, connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = createdBefore.UtcDateTime });
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
            var deleted = await delete.ExecuteNonQueryAsync(cancellation);
            await transaction.CommitAsync(cancellation);
            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} holds that ended and were created more than {Retention} ago")]
    private static partial void LogDeleted(ILogger logger, long count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting old ended holds failed; the next period tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

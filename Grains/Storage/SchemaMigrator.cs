using Microsoft.Extensions.Logging;
using Npgsql;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Applies pending migrations at start-up in one transaction under an advisory lock, so that
/// several silos starting at once apply each migration exactly once.
/// </summary>
internal sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<MigrationSource> sources, ILogger<SchemaMigrator> logger)
{
    private const long LockKey = 0x7469636B6574; // "ticket"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);
        var applied = new HashSet<string>();
        await using (var command = new NpgsqlCommand("SELECT id FROM schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        foreach (var (id, sql) in sources.SelectMany(s => s.Load()).Where(m => !applied.Contains(m.Id)))
        {
            await ExecuteAsync(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1)", connection);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            await record.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, id);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {MigrationId}")]
    private static partial void LogApplied(ILogger logger, string migrationId);
}

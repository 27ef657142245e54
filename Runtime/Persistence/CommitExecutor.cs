using Npgsql;

namespace TicketBoss.Runtime.Persistence;

/// <summary>Runs one commit's commands as a single batch: one round trip, one implicit transaction.</summary>
public sealed class CommitExecutor(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Executes the commands atomically. Without error barriers PostgreSQL runs the whole batch in one implicit
    /// transaction, so a raising fence (or any failure) rolls back every command of the batch.
    /// </summary>
    public async Task ExecuteAsync(IReadOnlyList<NpgsqlBatchCommand> commands)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

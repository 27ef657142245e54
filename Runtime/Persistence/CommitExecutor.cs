using Npgsql;

namespace TicketBoss.Runtime.Persistence;

/// <summary>Runs one commit's commands as a single batch: one round trip, one implicit transaction.</summary>
public sealed class CommitExecutor(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Executes the commands atomically, behind the silo fence of <paramref name="siloId"/>. Without error barriers
    /// PostgreSQL runs the whole batch in one implicit transaction, so a raising fence (or any failure) rolls back
    /// every command of the batch. Throws <see cref="GrainUnavailableException"/> when nothing was sent and
    /// <see cref="PostgresException"/> when the server rolled the batch back; any other failure leaves the outcome unknown.
    /// </summary>
    public async Task ExecuteAsync(string siloId, IReadOnlyList<NpgsqlBatchCommand> commands)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new GrainUnavailableException($"PostgreSQL is unavailable: {e.Message}", e);
        }
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = new NpgsqlBatch(connection);
            var fence = new NpgsqlBatchCommand("SELECT silo_fence($1)");
            fence.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
            batch.BatchCommands.Add(fence);
            foreach (var command in commands)
            {
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}

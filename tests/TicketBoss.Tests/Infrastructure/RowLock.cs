using Npgsql;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>Holds a row lock on an event in an open transaction, so that the grain's commits block until released.</summary>
internal sealed class RowLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<RowLock> TakeAsync(string connectionString, string eventId)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM events WHERE event_id = $1 FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue(eventId);
        await command.ExecuteScalarAsync();
        return new RowLock(connection, transaction);
    }

    /// <summary>Runs SQL inside the locking transaction (e.g. to change the row behind the grain's back).</summary>
    public async Task ExecuteAsync(string sql, string eventId)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddWithValue(eventId);
        await command.ExecuteNonQueryAsync();
    }

    public async Task ReleaseAsync() => await _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

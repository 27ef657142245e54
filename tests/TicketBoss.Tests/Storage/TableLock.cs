using Npgsql;

namespace TicketBoss.Tests.Storage;

/// <summary>Holds a table locked against writes (reads go on) in an open transaction, so that every commit that writes it waits until released.</summary>
internal sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<TableLock> TakeAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"LOCK TABLE {table} IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    public Task ReleaseAsync() => _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

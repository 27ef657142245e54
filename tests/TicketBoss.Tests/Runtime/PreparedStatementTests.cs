using Npgsql;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>
/// The silo's statements are the same few over and over: its data source prepares them on each connection after a
/// couple of uses, unless the connection string chooses otherwise.
/// </summary>
public sealed class PreparedStatementTests
{
    [Fact]
    public async Task ASiloConnectionPreparesAStatementItRepeats()
    {
        await using var silo = await TestSilo.StartAsync(TestDatabase.CreateIsolated("prepare"));

        Assert.True(await PreparedAfterRepeatingAsync(silo.DataSource) > 0);
    }

    [Fact]
    public async Task AConnectionStringThatTurnsAutoPrepareOffIsObeyed()
    {
        var db = TestDatabase.CreateIsolated("noprepare");
        await using var silo = await TestSilo.StartAsync(db + ";Max Auto Prepare=0");

        Assert.Equal(0, await PreparedAfterRepeatingAsync(silo.DataSource));
    }

    private static async Task<long> PreparedAfterRepeatingAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 4; i++)
        {
            await using var batch = new NpgsqlBatch(connection);
            for (var j = 0; j < 3; j++)
            {
                var command = new NpgsqlBatchCommand("SELECT $1::integer + 1");
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}

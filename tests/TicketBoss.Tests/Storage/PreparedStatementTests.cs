using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using TicketBoss.Grains.Storage;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// The silo's statements are the same few over and over: its data source prepares them on each connection after a
/// couple of uses, unless the connection string chooses otherwise; and a failed batch never leaves a connection naming
/// statements the server does not have.
/// </summary>
public sealed class PreparedStatementTests
{
    private static readonly RowStatement Bump = new(
        "UPDATE prepared_rows r SET v = r.v + 1 FROM unnest($1::integer[]) AS i(id) WHERE r.id = i.id", NpgsqlDbType.Integer);

    [Fact]
    public async Task ASiloConnectionPreparesAStatementItRepeats()
    {
        await using var silo = await TestSilo.StartAsync(TestDatabase.CreateIsolated("prepare"));

        Assert.True(await PreparedAfterRepeatingAsync(silo.DataSource) > 0);
    }

    [Fact]
    public async Task AConnectionStringThatTurnsAutoPrepareOffIsObeyed()
    {
        await using var silo = await TestSilo.StartAsync(TestDatabase.CreateIsolated("noprepare") + ";Max Auto Prepare=0");

        Assert.Equal(0, await PreparedAfterRepeatingAsync(silo.DataSource));
    }

    [Fact]
    public async Task ACommitRunAgainAloneOnAnotherConnectionNamesNoStatementPreparedOnlyWhereTheSharedTransactionRan()
    {
        var db = TestDatabase.CreateIsolated("unprepare");
        await Db.ScalarAsync<object>(db, "CREATE TABLE prepared_rows (id integer PRIMARY KEY, v integer NOT NULL); INSERT INTO prepared_rows VALUES (1, 1); SELECT 1");
        // Two connections, C and D, idle in that order (the pool hands out the one idle longest); statements are
        // prepared on their second use on a connection.
        await using var dataSource = new NpgsqlDataSourceBuilder(db + ";Maximum Pool Size=2;Max Auto Prepare=64;Auto Prepare Min Usages=2").Build();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new CommitMetrics(services.GetRequiredService<IMeterFactory>());
        var batcher = new CommitBatcher(dataSource, metrics);

        Task[] blocked, shared;
        await using (var tableLock = await TableLock.TakeAsync(db, "prepared_rows"))
        {
            // A commit in each transaction slot, each on a connection of its own, both waiting on the lock.
            blocked = [batcher.ExecuteAsync(Touch(1))];
            await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(db) == 1, TimeSpan.FromSeconds(15), "one commit waits");
            blocked = [.. blocked, batcher.ExecuteAsync(Touch(1))];
            await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(db) == 2, TimeSpan.FromSeconds(15), "two commits wait");
            // These share the next transaction: the second insert is the statement's second use there, so it is
            // prepared on that connection; the third fails (a duplicate key), which rolls all three back. The first
            // two then run alone on the other connection, where nothing was prepared.
            shared = [batcher.ExecuteAsync(InsertRow(10)), batcher.ExecuteAsync(InsertRow(11)), batcher.ExecuteAsync(InsertRow(1))];
            await Poll.UntilAsync(() => Task.FromResult(batcher.QueuedCommits == 3), TimeSpan.FromSeconds(15), "three commits queue up");
            await tableLock.ReleaseAsync();
        }
        await Task.WhenAll(blocked);

        await shared[0];
        await shared[1];
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => shared[2]);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal(3L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM prepared_rows"));
        Assert.Equal(3, await Db.ScalarAsync<int>(db, "SELECT v FROM prepared_rows WHERE id = 1"));
    }

    /// <summary>A commit that inserts a row, as a new event's commit inserts its row: a command run as it is.</summary>
    private static GrainWrite InsertRow(int id)
    {
        var command = new NpgsqlBatchCommand("INSERT INTO prepared_rows (id, v) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        return new GrainWrite { Commands = { command } };
    }

    private static GrainWrite Touch(int id) => new() { Rows = { Bump.Rows(new[] { id }) } };

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

using Npgsql;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>
/// Group commit across grains: the commits of many activations share PostgreSQL transactions, and a commit that
/// the server rejects fails alone, never the others that happened to share its transaction.
/// </summary>
public sealed class SharedTransactionTests
{
    private const int CommitSlots = TicketBoss.Runtime.Persistence.CommitExecutor.MaxTransactionsInFlight;

    [Fact]
    public async Task CommitsOfManyEventsShareTransactionsAndAllLand()
    {
        var db = TestDatabase.CreateIsolated("shared");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 60);
        // Counts the statements that write holds, to see the commits of a transaction share one.
        await Db.ScalarAsync<object>(db, """
            CREATE TABLE hold_statements (at timestamptz);
            CREATE FUNCTION count_hold_statement() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO hold_statements VALUES (now());
                RETURN NULL;
            END $$;
            CREATE TRIGGER count_hold_statement AFTER INSERT ON holds FOR EACH STATEMENT EXECUTE FUNCTION count_hold_statement();
            SELECT 1
            """);
        var commitsBefore = silo.Metrics.Commits;
        var transactionsBefore = silo.Metrics.Transactions;

        // While the silo row is locked, every commit waits; they are then made durable together.
        await using (var siloLock = await SiloRowLock.TakeAsync(db))
        {
            var holds = ids.Select(id => silo.Grains.GetGrain<IEventGrain>(id).HoldAsync(new HoldRequest(Quantity: 2))).ToArray();
            await Task.Delay(500);
            Assert.DoesNotContain(holds, h => h.IsCompleted);
            await siloLock.ReleaseAsync();
            Assert.All(await Task.WhenAll(holds), o => Assert.True(o.IsSuccess));
        }

        Assert.Equal(60, silo.Metrics.Commits - commitsBefore);
        Assert.InRange(silo.Metrics.Transactions - transactionsBefore, 1, 5);
        Assert.Equal(60L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(60L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE held = 2 AND version = 1"));
        Assert.Equal(silo.Metrics.Transactions - transactionsBefore, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM hold_statements"));
    }

    [Fact]
    public async Task ACommitTheServerRejectsFailsAloneAndTheOthersInItsTransactionLand()
    {
        var db = TestDatabase.CreateIsolated("sharedfail");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 30);
        var poisoned = ids[17];
        await Db.ScalarAsync<object>(db, $"""
            CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.event_id = '{poisoned}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_poisoned BEFORE INSERT ON holds FOR EACH ROW EXECUTE FUNCTION refuse_poisoned();
            SELECT 1
            """);
        var transactionsBefore = silo.Metrics.Transactions;

        var holds = await HoldOneSeatOfEachInOneTransactionAsync(silo, db, ids);

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == poisoned)
            {
                var error = await Assert.ThrowsAnyAsync<GrainUnavailableException>(() => holds[i]);
                Assert.Contains("refused by the test", error.Message);
            }
            else
            {
                Assert.True((await holds[i]).IsSuccess, $"the hold on {ids[i]} failed");
            }
        }
        Assert.Equal(29L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", poisoned));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT version FROM events WHERE event_id = $1", poisoned));
        // The shared transaction was rolled back and its 28 commits were then run one by one (27 of them landing).
        Assert.Equal(CommitSlots + 27, silo.Metrics.Transactions - transactionsBefore);
    }

    [Fact]
    public async Task AnEventChangedBehindItsActivationFailsItsFenceAloneWhenItsRowsShareAStatementWithOthers()
    {
        var db = TestDatabase.CreateIsolated("sharedfence");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 30);
        var stale = ids[11];
        // Another writer moved the event row on, so this activation's version fence must fail.
        await Db.ScalarAsync<object>(db, "UPDATE events SET version = version + 1 WHERE event_id = $1 RETURNING 1", stale);

        var holds = await HoldOneSeatOfEachInOneTransactionAsync(silo, db, ids);

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == stale)
            {
                await Assert.ThrowsAnyAsync<StateConflictException>(() => holds[i]);
            }
            else
            {
                Assert.True((await holds[i]).IsSuccess, $"the hold on {ids[i]} failed");
            }
        }
        Assert.Equal(29L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(29L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE held = 1 AND version = 1"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", stale));
    }

    /// <summary>
    /// Holds a seat of each event, one attempt per call (so that a rejected hold is not retried on a fresh
    /// activation), and waits until every hold has an answer. The first commits occupy every transaction slot, one
    /// each, blocked on the silo row lock; all the others queue up behind them and go together in one transaction.
    /// </summary>
    private static async Task<Task<Outcome<HoldInfo>>[]> HoldOneSeatOfEachInOneTransactionAsync(TestSilo silo, string db, string[] ids)
    {
        Task<Outcome<HoldInfo>>[] holds;
        await using (var siloLock = await SiloRowLock.TakeAsync(db))
        {
            var grains = ids.Select(id => silo.LocalGrains.GetGrain<IEventGrain>(id)).ToArray();
            // One at a time, so that each takes a transaction slot of its own (two queued together would share one).
            var first = new List<Task<Outcome<HoldInfo>>>();
            foreach (var grain in grains[..CommitSlots])
            {
                first.Add(grain.HoldAsync(new HoldRequest(Quantity: 1)));
                var inFlight = first.Count;
                await Poll.UntilAsync(async () => await FencesWaitingAsync(db) == inFlight, TimeSpan.FromSeconds(15),
                    $"{inFlight} transactions wait on the silo row");
            }
            holds = [.. first, .. grains[CommitSlots..].Select(g => g.HoldAsync(new HoldRequest(Quantity: 1)))];
            await Poll.UntilAsync(() => Task.FromResult(silo.Commits.QueuedCommits == ids.Length - CommitSlots), TimeSpan.FromSeconds(15),
                "every other commit waits for a transaction slot");
            await siloLock.ReleaseAsync();
        }
        await Task.WhenAll(holds.Select(h => h.ContinueWith(_ => { }, TaskScheduler.Default)));
        return holds;
    }

    /// <summary>Transactions whose silo fence waits on the locked silo row (a blocked heartbeat is not one).</summary>
    private static Task<long> FencesWaitingAsync(string db) => Db.ScalarAsync<long>(db, """
        SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%silo_fence%'
        """);

    private static async Task<string[]> CreateEventsAsync(TestSilo silo, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"evt_shared{i:D3}{Guid.NewGuid().ToString("N")[..6]}").ToArray();
        foreach (var id in ids)
        {
            Assert.True((await silo.Grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Shared", 10))).IsSuccess);
        }
        return ids;
    }

    /// <summary>Holds the silo's membership row locked, so that every commit's silo fence waits until released.</summary>
    private sealed class SiloRowLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private SiloRowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

        public static async Task<SiloRowLock> TakeAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("SELECT 1 FROM silos FOR UPDATE", connection, transaction);
            await command.ExecuteNonQueryAsync();
            return new SiloRowLock(connection, transaction);
        }

        public Task ReleaseAsync() => _transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}

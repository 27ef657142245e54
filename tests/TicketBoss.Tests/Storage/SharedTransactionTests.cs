using Orleans.Storage;
using TicketBoss.Grains;
using TicketBoss.Grains.Storage;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Group commit across events (guarantee 4): the silo puts the commits of many activations into one PostgreSQL
/// transaction, each table written by one statement, and a commit that fails there fails alone, never the others that
/// happened to share its transaction.
/// </summary>
public sealed class SharedTransactionTests
{
    private const int TransactionsInFlight = CommitBatcher.MaxTransactionsInFlight;

    [Fact]
    public async Task CommitsOfManyEventsShareTransactionsAndEachTableIsWrittenByOneStatementPerTransaction()
    {
        var db = TestDatabase.CreateIsolated("shared");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 60);
        // Counts the statements that insert holds, to see that the commits of a transaction share one.
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
        var (commitsBefore, transactionsBefore) = (silo.Metrics.Commits, silo.Metrics.Transactions);

        var holds = await HoldOneSeatOfEachInFewTransactionsAsync(silo, db, ids);

        Assert.All(holds, h => Assert.True(h.Result.IsSuccess));
        var (commits, transactions) = (silo.Metrics.Commits - commitsBefore, silo.Metrics.Transactions - transactionsBefore);
        Assert.Equal(60, commits);
        // One transaction for each of the first commits, one for all the others.
        Assert.Equal(TransactionsInFlight + 1, transactions);
        Assert.Equal(transactions, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM hold_statements"));
        Assert.Equal(60L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(60L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE held = 1 AND available = 9 AND version = 1"));
    }

    [Fact]
    public async Task ManyEventsChangedInParallelNeedFarFewerTransactionsThanCommits()
    {
        var db = TestDatabase.CreateIsolated("sharedload");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 200);
        var (commitsBefore, transactionsBefore) = (silo.Metrics.Commits, silo.Metrics.Transactions);

        var outcomes = await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, 3).Select(_ =>
            silo.Grains.GetGrain<IEventGrain>(id).HoldAsync(new HoldRequest(Quantity: 1)))));

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
        var (commits, transactions) = (silo.Metrics.Commits - commitsBefore, silo.Metrics.Transactions - transactionsBefore);
        Assert.InRange(commits, 200, 600);
        Assert.True(transactions * 4 <= commits, $"{commits} commits took {transactions} transactions");
        Assert.Equal(600L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(200L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE held = 3 AND available = 7 AND version = 3"));
    }

    [Fact]
    public async Task ACommitPostgreSQLRefusesFailsAloneAndTheOthersInItsTransactionLand()
    {
        var db = TestDatabase.CreateIsolated("sharedfail");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 30);
        var refused = ids[17];
        await using var refusal = await HoldRefusal.InstallAsync(db, refused);
        var (transactionsBefore, failedBefore) = (silo.Metrics.Transactions, silo.Metrics.FailedCommits);

        var holds = await HoldOneSeatOfEachInFewTransactionsAsync(silo, db, ids);

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == refused)
            {
                var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => holds[i]);
                Assert.Contains(HoldRefusal.Message, error.Message);
            }
            else
            {
                Assert.True((await holds[i]).IsSuccess, $"the hold on {ids[i]} failed");
            }
        }
        Assert.Equal(29L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT version FROM events WHERE event_id = $1", refused));
        // The shared transaction of 28 commits was rolled back, then each ran alone and 27 landed.
        Assert.Equal(TransactionsInFlight + 27, silo.Metrics.Transactions - transactionsBefore);
        Assert.Equal(1, silo.Metrics.FailedCommits - failedBefore);
    }

    [Fact]
    public async Task StaleCommitsFailTheirFenceAloneWhenTheirRowsShareAStatementWithOthers()
    {
        var db = TestDatabase.CreateIsolated("sharedfence");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = await CreateEventsAsync(silo, 30);
        var (staleHold, staleRead) = (ids[11], ids[23]);
        // Another writer moved these rows on, so these activations' version fences must fail: one that writes, one
        // that only checks.
        foreach (var id in new[] { staleHold, staleRead })
        {
            await Db.ScalarAsync<object>(db, "UPDATE events SET version = version + 1 WHERE event_id = $1 RETURNING 1", id);
        }

        var calls = await HoldOneSeatOfEachInFewTransactionsAsync(silo, db, ids, readInstead: staleRead);

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] is var id && (id == staleHold || id == staleRead))
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => calls[i]);
            }
            else
            {
                Assert.True((await calls[i]).IsSuccess, $"the hold on {ids[i]} failed");
            }
        }
        Assert.Equal(28L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
        Assert.Equal(28L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE held = 1 AND version = 1"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1", staleHold));
        // Both reload what the other writer left.
        Assert.Equal(1, (await silo.Grains.GetGrain<IEventGrain>(staleHold).GetSnapshotAsync()).Value!.Version);
        Assert.Equal(1, (await silo.Grains.GetGrain<IEventGrain>(staleRead).GetSnapshotAsync()).Value!.Version);
    }

    [Fact]
    public async Task CreationsThatShareATransactionWithAFailingOneAreRunAgainAloneAndLand()
    {
        var db = TestDatabase.CreateIsolated("sharedcreate");
        await using var silo = await TestSilo.StartAsync(db);
        var ids = Enumerable.Range(0, 40).Select(i => StoredEvent.NewId($"create{i:D3}")).ToArray();
        var taken = ids[30];
        // Another writer creates this one after its activation found no event: its creation's fence fails, late in
        // the shared transaction.
        Assert.Equal(ErrorCodes.EventNotFound, (await silo.Grains.GetGrain<IEventGrain>(taken).GetSnapshotAsync()).Error?.Code);
        await Db.ScalarAsync<object>(db, """
            INSERT INTO events (event_id, name, capacity, created_at, version, available, held, booked, reservation_count)
            VALUES ($1, 'Taken', 10, now(), 0, 10, 0, 0, 0) RETURNING 1
            """, taken);

        var calls = new List<Task<Outcome<EventSnapshot>>>();
        await using (var tableLock = await TableLock.TakeAsync(db, "events"))
        {
            foreach (var id in ids[..TransactionsInFlight])
            {
                calls.Add(silo.Grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Shared creation", 10)));
                var inFlight = calls.Count;
                await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(db) == inFlight, TimeSpan.FromSeconds(15),
                    $"{inFlight} transactions wait on the events table");
            }
            calls.AddRange(ids[TransactionsInFlight..].Select(id => silo.Grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Shared creation", 10))));
            await Poll.UntilAsync(() => Task.FromResult(silo.Commits.QueuedCommits == ids.Length - TransactionsInFlight), TimeSpan.FromSeconds(15),
                "every other commit waits for a transaction");
            await tableLock.ReleaseAsync();
        }
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == taken)
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => calls[i]);
            }
            else
            {
                Assert.True((await calls[i]).IsSuccess, $"the creation of {ids[i]} failed");
            }
        }
        Assert.Equal(39L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE name <> 'Taken'"));
    }

    /// <summary>
    /// Holds a seat of each event (or reads <paramref name="readInstead"/>) and waits until every call has an answer.
    /// While the events table is locked, the first commits occupy every transaction in flight, one each; all the
    /// others queue up behind them and go together in one transaction once the lock is released.
    /// </summary>
    private static async Task<Task<Outcome<object>>[]> HoldOneSeatOfEachInFewTransactionsAsync(TestSilo silo, string db, string[] ids, string? readInstead = null)
    {
        async Task<Outcome<object>> Call(string id)
        {
            var grain = silo.Grains.GetGrain<IEventGrain>(id);
            if (id == readInstead)
            {
                var read = await grain.GetSnapshotAsync();
                return new Outcome<object>(read.Value, read.Error);
            }
            var hold = await grain.HoldAsync(new HoldRequest(Quantity: 1));
            return new Outcome<object>(hold.Value, hold.Error);
        }

        var calls = new List<Task<Outcome<object>>>();
        await using (var tableLock = await TableLock.TakeAsync(db, "events"))
        {
            // One at a time, so that each takes a transaction of its own (two queued together would share one).
            foreach (var id in ids[..TransactionsInFlight])
            {
                calls.Add(Call(id));
                var inFlight = calls.Count;
                await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(db) == inFlight, TimeSpan.FromSeconds(15),
                    $"{inFlight} transactions wait on the events table");
            }
            calls.AddRange(ids[TransactionsInFlight..].Select(Call));
            await Poll.UntilAsync(() => Task.FromResult(silo.Commits.QueuedCommits == ids.Length - TransactionsInFlight), TimeSpan.FromSeconds(15),
                "every other commit waits for a transaction");
            await tableLock.ReleaseAsync();
        }
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        return [.. calls];
    }

    private static async Task<string[]> CreateEventsAsync(TestSilo silo, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => StoredEvent.NewId($"shared{i:D3}")).ToArray();
        await Task.WhenAll(ids.Select(async id =>
            Assert.True((await silo.Grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Shared", 10))).IsSuccess)));
        return ids;
    }
}

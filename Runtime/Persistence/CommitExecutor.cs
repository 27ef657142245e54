using Npgsql;

namespace TicketBoss.Runtime.Persistence;

/// <summary>
/// Makes the silo's commits durable, a few PostgreSQL transactions at a time: the commits that queue up while
/// transactions are in flight, from any number of activations, go together in the next one, behind one silo fence.
/// Each activation already gathers its own writes into one commit; this gathers the commits of many activations,
/// so that ten thousand quiet events cost about as many transactions as one busy one.
/// </summary>
public sealed class CommitExecutor(NpgsqlDataSource dataSource, RuntimeMetrics metrics)
{
    /// <summary>The most activations' commits that share one transaction.</summary>
    public const int MaxCommitsPerTransaction = 256;

    /// <summary>
    /// Transactions in flight at once, so that PostgreSQL works on one while the silo prepares the next. They never
    /// wait on each other: an activation has one commit in flight at a time, so their rows are disjoint.
    /// </summary>
    public const int MaxTransactionsInFlight = 2;

    // SQLSTATE 26000: the batch named a prepared statement the server does not have.
    private const string InvalidSqlStatementName = "26000";

    private readonly Lock _gate = new();
    private List<PendingCommit> _queue = [];
    private int _drainers;

    /// <summary>Commits waiting for a transaction slot; they go together in the next transaction.</summary>
    internal int QueuedCommits
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Executes the write atomically, behind the silo fence of <paramref name="siloId"/>, in one transaction with the
    /// commits queued beside them. Throws <see cref="GrainUnavailableException"/> when nothing
    /// was sent and <see cref="PostgresException"/> when the server rolled these commands back (a commit that failed
    /// only because it shared a transaction with a failing one is run again alone, so the exception is its own);
    /// any other failure leaves the outcome unknown.
    /// </summary>
    public Task ExecuteAsync(string siloId, GrainWrite write)
    {
        var pending = new PendingCommit(siloId, write);
        bool start;
        lock (_gate)
        {
            _queue.Add(pending);
            start = _drainers < MaxTransactionsInFlight;
            _drainers += start ? 1 : 0;
        }
        if (start)
        {
            _ = Task.Run(DrainAsync);
        }
        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<PendingCommit> taken;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _drainers--;
                    return;
                }
                (taken, _queue) = (_queue, []);
            }
            // An activation created before its silo rejoined fences with the old silo id: keep each id's commits apart.
            foreach (var silo in taken.GroupBy(c => c.SiloId))
            {
                foreach (var commits in silo.Chunk(MaxCommitsPerTransaction))
                {
                    await CommitTogetherAsync(silo.Key, commits).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task CommitTogetherAsync(string siloId, PendingCommit[] commits)
    {
        try
        {
            await RunAsync(siloId, Coalesce(commits)).ConfigureAwait(false);
            metrics.Transaction(commits.Length);
            foreach (var commit in commits)
            {
                commit.Done.TrySetResult();
            }
        }
        catch (PostgresException) when (commits.Length > 1)
        {
            // The server rolled the whole transaction back, so none of it landed: run each commit alone to learn
            // which one failed (a lost fence, most likely) and let the others through.
            foreach (var commit in commits)
            {
                await CommitAloneAsync(siloId, commit).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            foreach (var commit in commits)
            {
                commit.Done.TrySetException(e);
            }
        }
    }

    private async Task CommitAloneAsync(string siloId, PendingCommit commit)
    {
        try
        {
            // Fresh copies: the commands of the rolled-back batch may still name statements it was preparing.
            await RunAsync(siloId, Coalesce([commit]).Select(Fresh)).ConfigureAwait(false);
            metrics.Transaction(1);
            commit.Done.TrySetResult();
        }
        catch (Exception e)
        {
            commit.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// The commands of commits that share a transaction: every commit's commands as they are, then each row
    /// statement once, with the rows of every commit that gave it some (their rows are their own grains', and each
    /// activation has one commit in flight, so no two commits touch the same rows).
    /// </summary>
    private static List<NpgsqlBatchCommand> Coalesce(PendingCommit[] commits)
    {
        var commands = new List<NpgsqlBatchCommand>();
        var statements = new List<RowStatement>();
        var rows = new Dictionary<RowStatement, List<RowCommand>>(ReferenceEqualityComparer.Instance);
        foreach (var commit in commits)
        {
            commands.AddRange(commit.Write.Commands);
            foreach (var row in commit.Write.Rows)
            {
                if (!rows.TryGetValue(row.Statement, out var same))
                {
                    rows[row.Statement] = same = [];
                    statements.Add(row.Statement);
                }
                same.Add(row);
            }
        }
        foreach (var statement in statements)
        {
            commands.Add(statement.Bind(rows[statement]));
        }
        return commands;
    }

    /// <summary>
    /// One round trip, one transaction: without error barriers PostgreSQL runs a batch in one implicit transaction,
    /// so a raising fence (or any failure) rolls back every command of it.
    /// </summary>
    private async Task RunAsync(string siloId, IEnumerable<NpgsqlBatchCommand> commands)
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
            var list = commands as IReadOnlyCollection<NpgsqlBatchCommand> ?? [.. commands];
            try
            {
                await ExecuteAsync(connection, siloId, list).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                // After an error PostgreSQL skips the rest of the batch, including the Parse of a statement being
                // prepared automatically, which the driver may then count as prepared. Forget them all on this
                // connection, so that no later commit names a statement the server never made.
                connection.UnprepareAll(); // rare, and Npgsql has no async form
                if (e.SqlState != InvalidSqlStatementName)
                {
                    throw;
                }
                // The server rolled the batch back over a statement name alone: nothing landed, so it runs again.
                await ExecuteAsync(connection, siloId, [.. list.Select(Fresh)]).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string siloId, IReadOnlyCollection<NpgsqlBatchCommand> commands)
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

    /// <summary>A copy of a command that carries none of the driver's preparation state.</summary>
    private static NpgsqlBatchCommand Fresh(NpgsqlBatchCommand command)
    {
        var copy = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            copy.Parameters.Add(parameter.Clone());
        }
        return copy;
    }

    private sealed class PendingCommit(string siloId, GrainWrite write)
    {
        public string SiloId => siloId;

        public GrainWrite Write => write;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

using System.Data;
using Npgsql;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Makes the silo's commits durable, a few PostgreSQL transactions at a time: the commits that queue up while
/// transactions are in flight, from any number of activations, go together in the next one. Each activation already
/// gathers its calls into one commit (Orleans coalesces a write queued behind the one in flight); this gathers the
/// commits of many activations, so that ten thousand quiet events cost about as many transactions as one busy one.
/// </summary>
internal sealed class CommitBatcher(NpgsqlDataSource dataSource, CommitMetrics metrics)
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

    /// <summary>Commits waiting for a transaction to take them (tests line commits up with it).</summary>
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
    /// Executes the write atomically, in one transaction with the commits queued beside it. Throws
    /// <see cref="StorageUnavailableException"/> when nothing was sent and <see cref="PostgresException"/> when the
    /// server rolled these commands back (a commit that failed only because it shared a transaction with a failing
    /// one is run again alone, so the exception is its own); any other failure leaves the outcome unknown.
    /// </summary>
    public Task ExecuteAsync(GrainWrite write)
    {
        var pending = new PendingCommit(write);
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
            foreach (var commits in taken.Chunk(MaxCommitsPerTransaction))
            {
                await CommitTogetherAsync(commits).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitTogetherAsync(PendingCommit[] commits)
    {
        try
        {
            await RunAsync(Coalesce(commits)).ConfigureAwait(false);
            metrics.Transaction(commits.Length);
            foreach (var commit in commits)
            {
                commit.Done.TrySetResult();
            }
        }
        catch (PostgresException e) when (commits.Length > 1 && RolledBack(e))
        {
            // The server rolled the whole transaction back, so none of it landed: run each commit alone to learn
            // which one failed (a lost fence, most likely) and let the others through.
            foreach (var commit in commits)
            {
                await CommitAloneAsync(commit).ConfigureAwait(false);
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

    private async Task CommitAloneAsync(PendingCommit commit)
    {
        try
        {
            // Fresh copies: the commands of the rolled-back batch may still name statements it was preparing.
            await RunAsync(Coalesce([commit]).Select(Fresh)).ConfigureAwait(false);
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
    private async Task RunAsync(IEnumerable<NpgsqlBatchCommand> commands)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StorageUnavailableException($"PostgreSQL is unavailable: {e.Message}");
        }
        await using (connection.ConfigureAwait(false))
        {
            var list = commands as IReadOnlyCollection<NpgsqlBatchCommand> ?? [.. commands];
            try
            {
                await ExecuteAsync(connection, list).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                if (connection.State != ConnectionState.Open)
                {
                    // The server ended the session (FATAL): its prepared statements went with it. The error is the
                    // caller's to see; forgetting statements on a closed connection would throw over it.
                    throw;
                }
                // After an error PostgreSQL skips the rest of the batch, including the Parse of a statement being
                // prepared automatically, which the driver may then count as prepared. Forget them all on this
                // connection, so that no later commit names a statement the server never made.
                connection.UnprepareAll(); // rare, and Npgsql has no async form
                if (e.SqlState != InvalidSqlStatementName)
                {
                    throw;
                }
                // The server rolled the batch back over a statement name alone: nothing landed, so it runs again.
                await ExecuteAsync(connection, [.. list.Select(Fresh)]).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyCollection<NpgsqlBatchCommand> commands)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// True when the server reported an error and rolled the batch back with the session still open. A FATAL error
    /// ends the session instead, and the client cannot tell whether it came before or after the commit.
    /// </summary>
    internal static bool RolledBack(PostgresException e) => e.InvariantSeverity == "ERROR";

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

    private sealed class PendingCommit(GrainWrite write)
    {
        public GrainWrite Write => write;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

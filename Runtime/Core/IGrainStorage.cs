using Npgsql;

namespace TicketBoss.Runtime;

/// <summary>Relational storage for one grain type's state.</summary>
public interface IGrainStorage<TState> where TState : class, IGrainState
{
    /// <summary>Loads the state, or null when the grain has never been written.</summary>
    Task<TState?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the changes made since the last capture and returns the commands that persist them.
    /// Runs inside the grain's turn. The first command must be the version fence: it must fail (raise)
    /// unless the stored version equals <paramref name="expectedVersion"/> (-1: no row yet), so that the
    /// whole batch, executed as one transaction, is rejected when another activation committed first.
    /// </summary>
    IReadOnlyList<NpgsqlBatchCommand> CaptureWrite(string key, TState state, long expectedVersion);
}

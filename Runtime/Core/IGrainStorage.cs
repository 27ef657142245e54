namespace TicketBoss.Runtime;

/// <summary>Relational storage for one grain type's state.</summary>
public interface IGrainStorage<TState> where TState : class, IGrainState
{
    /// <summary>Loads the state, or null when the grain has never been written.</summary>
    Task<TState?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the changes made since the last capture and returns what persists them, as values taken now (a later
    /// turn may change the state before the transaction runs). Runs inside the grain's turn. The write must include
    /// the version fence: a command or row that fails (raises) unless the stored version equals
    /// <paramref name="expectedVersion"/> (-1: no row yet), so that the whole write, executed in one transaction, is
    /// rejected when another activation committed first.
    /// </summary>
    GrainWrite CaptureWrite(string key, TState state, long expectedVersion);

    /// <summary>
    /// What confirms, in a commit that writes nothing, that the stored version still equals
    /// <paramref name="expectedVersion"/> (-1: no row yet): a command or row that raises the version fence otherwise.
    /// An activation answers what it only read after such a check, so that an activation another one has
    /// superseded cannot answer from its old state.
    /// </summary>
    GrainWrite CaptureCheck(string key, long expectedVersion);
}

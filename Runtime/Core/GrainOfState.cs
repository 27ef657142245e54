namespace TicketBoss.Runtime;

/// <summary>
/// A grain whose state is loaded at activation and written by fenced group commits.
/// Grain code reads like an Orleans sample: change <see cref="State"/>, <c>await WriteStateAsync()</c>, return.
/// </summary>
public abstract class Grain<TState>(IGrainStorage<TState> storage) : Grain, IPersistentGrain
    where TState : class, IGrainState
{
    /// <summary>The loaded state; null while the grain has never been written.</summary>
    protected TState? State { get; set; }

    /// <summary>
    /// Completes when the commit that holds every change made so far is durable in PostgreSQL.
    /// Awaiting it ends the turn: the activation goes on with the next request while the commit is in flight,
    /// so code after the await must not change state. Throws <see cref="GrainUnavailableException"/> when the
    /// commit fails; the activation then reloads from storage.
    /// </summary>
    protected Task WriteStateAsync() => Context.WriteStateAsync();

    /// <summary>Sets a durable reminder; it is written atomically with the next <see cref="WriteStateAsync"/>.</summary>
    protected void RegisterOrUpdateReminder(string name, DateTimeOffset dueAt) => Context.StageReminder(name, dueAt);

    /// <summary>Removes a durable reminder with the next <see cref="WriteStateAsync"/>.</summary>
    protected void UnregisterReminder(string name) => Context.StageReminder(name, null);

    /// <summary>The due time of a reminder as stored, or null if none is registered.</summary>
    protected Task<DateTimeOffset?> GetReminderDueAsync(string name) => Context.GetReminderDueAsync(name);

    async Task<long> IPersistentGrain.LoadAsync(CancellationToken cancellationToken)
    {
        State = await storage.ReadAsync(GetPrimaryKeyString(), cancellationToken);
        return State?.Version ?? -1;
    }

    long IPersistentGrain.CurrentVersion => State?.Version ?? -1;

    // With no state there is nothing to write, but what rides on the commit (a reminder's removal, the answers of
    // the turns) still needs the fence: the grain may have been created elsewhere meanwhile.
    GrainWrite IPersistentGrain.CaptureWrite(long expectedVersion) =>
        State is null
            ? storage.CaptureCheck(GetPrimaryKeyString(), expectedVersion)
            : storage.CaptureWrite(GetPrimaryKeyString(), State, expectedVersion);

    GrainWrite IPersistentGrain.CaptureCheck(long expectedVersion) => storage.CaptureCheck(GetPrimaryKeyString(), expectedVersion);
}

/// <summary>What the activation needs from a grain with state.</summary>
internal interface IPersistentGrain
{
    Task<long> LoadAsync(CancellationToken cancellationToken);
    long CurrentVersion { get; }
    GrainWrite CaptureWrite(long expectedVersion);
    GrainWrite CaptureCheck(long expectedVersion);
}

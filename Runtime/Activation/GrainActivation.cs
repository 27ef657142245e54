using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Npgsql;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Activation;

/// <summary>
/// One live instance of a grain. Requests run one turn at a time in arrival order on the activation's own
/// exclusive scheduler. A turn ends when its method completes or when it awaits <c>WriteStateAsync</c>;
/// then the next request runs while the commit is in flight, and the changes it makes join the next commit
/// (group commit). A caller is answered only after the commit holding every change its turn could see.
/// </summary>
internal sealed partial class GrainActivation : IGrainContext
{
    private const int MaxTurnsPerSlice = 256;

    private readonly Lock _queueLock = new();
    private readonly TaskScheduler _scheduler = new TurnScheduler();
    private readonly ActivationCatalog _catalog;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _siloId;

    private Grain? _grain;
    private IPersistentGrain? _persistent;
    private long _committedVersion = -1;
    private CommitBatch? _pending;
    private CommitBatch? _inFlight;
    private Dictionary<string, DateTimeOffset?>? _stagedReminders;
    private bool _turnReleased;
    private TaskCompletionSource? _turnWaiter;
    private bool _deactivateOnIdle;
    private bool _closed;
    // Guarded by _queueLock: the calls waiting, whether a serving task runs, whether calls are still taken.
    private WorkQueue _queue;
    private bool _serving;
    private bool _queueClosed;
    private bool _activated;
    private long _lastUsedTicks = Environment.TickCount64;

    public GrainActivation(GrainId grainId, ActivationCatalog catalog, ILogger logger)
    {
        GrainId = grainId;
        _catalog = catalog;
        _logger = logger;
        // The incarnation is fixed per activation: if this silo is declared dead and rejoins under a new id,
        // activations of the old incarnation are fenced out by the database instead of committing stale state.
        _siloId = catalog.SiloId;
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Milliseconds (of <see cref="Environment.TickCount64"/>) when a call last arrived.</summary>
    public long LastUsedTicks => Volatile.Read(ref _lastUsedTicks);

    /// <summary>The version of the state as last committed (or loaded); -1 before loading or for a grain never written.</summary>
    public long CommittedVersion => Volatile.Read(ref _committedVersion);

    /// <summary>Drops the activation without committing, as a crash of its silo would.</summary>
    public void Abandon() => TryEnqueue(new DeactivationRequest(onlyIfIdle: false, abandon: true));

    /// <summary>Queues a call; false when the activation is closing and the call must go to a new one.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        bool start;
        lock (_queueLock)
        {
            if (_queueClosed)
            {
                return false;
            }
            _queue.Enqueue(item);
            start = !_serving;
            _serving = true;
        }
        if (item is not DeactivationRequest)
        {
            Volatile.Write(ref _lastUsedTicks, Environment.TickCount64);
        }
        if (start)
        {
            // A serving task runs while calls are queued and ends when none is: an idle activation holds no task.
            Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
        }
        return true;
    }

    private bool TryTake([NotNullWhen(true)] out WorkItem? item)
    {
        lock (_queueLock)
        {
            return _queue.TryDequeue(out item);
        }
    }

    private bool HasQueued()
    {
        lock (_queueLock)
        {
            return !_queue.IsEmpty;
        }
    }

    /// <summary>Ends the serving task if no call is queued; false when one arrived and it must go on.</summary>
    private bool TryStopServing()
    {
        lock (_queueLock)
        {
            _serving = !_queue.IsEmpty;
            return !_serving;
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await ServeAsync();
        }
        catch (Exception e)
        {
            // A bug in the loop must not leave callers waiting for their deadline.
            LogLoopFailed(_logger, e, GrainId);
            _pending?.Fail(new GrainUnavailableException($"{GrainId} failed.", e));
            _pending = null;
            Close(new GrainUnavailableException($"{GrainId} failed: {e.Message}", e));
        }
    }

    private async Task ServeAsync()
    {
        if (!_activated)
        {
            _activated = true;
            if (!await ActivateAsync())
            {
                return;
            }
        }
        while (true)
        {
            for (var turns = 0; turns < MaxTurnsPerSlice && !_closed && TryTake(out var item); turns++)
            {
                if (item is DeactivationRequest request)
                {
                    if (request.OnlyIfIdle && HasQueued())
                    {
                        request.MarkDone();
                        continue;
                    }
                    if (request.Abandon)
                    {
                        var crashed = new GrainUnavailableException($"The silo of {GrainId} crashed.");
                        _pending?.Fail(crashed);
                        _pending = null;
                        Close(crashed);
                        request.MarkDone();
                        return;
                    }
                    await DeactivateAsync();
                    request.MarkDone();
                    return;
                }
                var turn = RunTurn(item);
                if (!turn.IsCompletedSuccessfully)
                {
                    await turn;
                }
            }
            if (_closed)
            {
                return;
            }
            StartCommitIfDue();
            if (_deactivateOnIdle && !HasQueued())
            {
                await DeactivateAsync();
                return;
            }
            if (TryStopServing())
            {
                return;
            }
            // Let commit completions and post-commit continuations run between slices.
            await Task.Yield();
        }
    }

    private async Task<bool> ActivateAsync()
    {
        try
        {
            _grain = _catalog.CreateGrain(GrainId.Type);
            _grain.Attach(this);
            if (_grain is IPersistentGrain persistent)
            {
                _persistent = persistent;
                Volatile.Write(ref _committedVersion, await persistent.LoadAsync(CancellationToken.None));
            }
            await _grain.OnActivateAsync(CancellationToken.None);
            _catalog.Metrics.Activated();
            return true;
        }
        catch (Exception e)
        {
            LogActivationFailed(_logger, e, GrainId);
            Close(new GrainUnavailableException($"Activation of {GrainId} failed: {e.Message}", e));
            return false;
        }
    }

    private ValueTask RunTurn(WorkItem item)
    {
        if (!item.TryStart())
        {
            // Its caller's deadline passed while it waited: it was answered as not run, so it must not run.
            return ValueTask.CompletedTask;
        }
        _turnReleased = false;
        RequestContext.CorrelationId = item.CorrelationId;
        Task methodTask;
        try
        {
            methodTask = item.Invoke(_grain!);
        }
        catch (Exception e)
        {
            methodTask = Task.FromException(e);
        }
        if (methodTask.IsCompleted || _turnReleased)
        {
            item.Reply(methodTask, CommitGate());
            return ValueTask.CompletedTask;
        }
        return WaitForTurnEndAsync(item, methodTask);
    }

    /// <summary>The method awaited something other than its commit: the activation waits (no reentrancy).</summary>
    private async ValueTask WaitForTurnEndAsync(WorkItem item, Task methodTask)
    {
        _turnWaiter = new TaskCompletionSource();
        await Task.WhenAny(methodTask, _turnWaiter.Task);
        _turnWaiter = null;
        item.Reply(methodTask, CommitGate());
    }

    /// <summary>
    /// What a turn's answer waits for: the next commit, which makes every change so far durable, or, when the turns
    /// changed nothing, checks that the stored version is still this activation's. A turn that only read is answered
    /// after that check, never from memory alone: single activation is best effort, and an activation that another
    /// one has superseded (the silos' views differed for a moment) must not answer from its old state.
    /// </summary>
    private Task? CommitGate()
    {
        if (_persistent is null)
        {
            return null;
        }
        if (_closed)
        {
            // A commit failed while the turn awaited something else: no later commit will check what it saw.
            return Task.FromException(new GrainUnavailableException($"{GrainId} was dropped during the call; it may be retried."));
        }
        return (_pending ??= new CommitBatch()).Durable;
    }

    Task IGrainContext.WriteStateAsync()
    {
        if (_persistent is null)
        {
            throw new InvalidOperationException($"{GrainId.Type} has no state to write.");
        }
        _pending ??= new CommitBatch();
        _pending.Writes++;
        _turnReleased = true;
        _turnWaiter?.TrySetResult();
        return _pending.Durable;
    }

    void IGrainContext.StageReminder(string name, DateTimeOffset? dueAt) =>
        (_stagedReminders ??= [])[name] = dueAt;

    Task<DateTimeOffset?> IGrainContext.GetReminderDueAsync(string name) =>
        _catalog.Reminders.GetDueAsync(GrainId, name, CancellationToken.None);

    void IGrainContext.DeactivateOnIdle() => _deactivateOnIdle = true;

    void IGrainContext.ReleaseTurn()
    {
        _turnReleased = true;
        _turnWaiter?.TrySetResult();
    }

    private void StartCommitIfDue()
    {
        if (_inFlight is not null || _pending is null || _closed)
        {
            return;
        }
        var batch = _pending;
        _pending = null;
        GrainWrite write;
        long newVersion;
        try
        {
            // A batch of turns that wrote nothing, and changed nothing either, only checks the version (CommitGate).
            var changed = batch.Writes > 0 || _persistent!.CurrentVersion != _committedVersion;
            write = changed ? _persistent!.CaptureWrite(_committedVersion) : _persistent!.CaptureCheck(_committedVersion);
            newVersion = changed ? _persistent.CurrentVersion : _committedVersion;
            if (_stagedReminders is not null)
            {
                foreach (var (name, due) in _stagedReminders)
                {
                    write.Rows.Add(_catalog.Reminders.WriteRows(GrainId, name, due));
                }
                _stagedReminders = null;
            }
        }
        catch (Exception e)
        {
            FailAndClose(batch, new GrainUnavailableException($"Capturing the changes of {GrainId} failed.", e));
            return;
        }
        if (write.IsEmpty)
        {
            batch.Succeed();
            return;
        }
        _inFlight = batch;
        _ = CommitAsync(batch, write, newVersion);
    }

    private async Task CommitAsync(CommitBatch batch, GrainWrite write, long newVersion)
    {
        Exception? failure = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await _catalog.Committer.ExecuteAsync(_siloId, write).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        _catalog.Metrics.Committed(batch.Writes, System.Diagnostics.Stopwatch.GetElapsedTime(started), failure is null);
        await Task.Factory.StartNew(
            () => OnCommitted(batch, newVersion, failure), CancellationToken.None, TaskCreationOptions.None, _scheduler)
            .ConfigureAwait(false);
    }

    private void OnCommitted(CommitBatch batch, long newVersion, Exception? failure)
    {
        _inFlight = null;
        if (failure is null)
        {
            Volatile.Write(ref _committedVersion, newVersion);
            batch.Succeed();
            StartCommitIfDue();
            return;
        }
        LogCommitFailed(_logger, failure, GrainId, batch.Writes);
        FailAndClose(batch, CommitError(failure));
    }

    /// <summary>What the callers of a failed commit are told: rolled back (retryable) or, if the connection broke, unknown.</summary>
    private Exception CommitError(Exception failure) => failure switch
    {
        PostgresException { SqlState: PostgresFence.ConflictSqlState } =>
            new StateConflictException($"{GrainId} was changed by another activation; this one is dropped.", failure),
        PostgresException { SqlState: PostgresFence.SiloNotActiveSqlState } =>
            new GrainUnavailableException($"This silo is no longer an active member; {GrainId} moved.", failure),
        PostgresException or GrainUnavailableException =>
            new GrainUnavailableException($"Committing {GrainId} failed and was rolled back: {failure.Message}", failure),
        _ => new CallOutcomeUnknownException($"The commit of {GrainId} may or may not have landed: {failure.Message}", failure),
    };

    /// <summary>
    /// A failed commit fails its batch and every later uncommitted change (which never reached the database, so
    /// those may be retried); the state is then reloaded by a new activation.
    /// </summary>
    private void FailAndClose(CommitBatch batch, Exception error)
    {
        batch.Fail(error);
        _pending?.Fail(error as GrainUnavailableException ?? new GrainUnavailableException($"An earlier commit of {GrainId} failed.", error));
        _pending = null;
        Close(null);
    }

    private async Task DeactivateAsync()
    {
        StartCommitIfDue();
        while (!_closed && (_inFlight ?? _pending) is { } batch)
        {
            try
            {
                await batch.Durable;
            }
            catch
            {
                // The failure closed the activation and was reported to the callers.
            }
            StartCommitIfDue();
        }
        if (_closed)
        {
            return;
        }
        try
        {
            await _grain!.OnDeactivateAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogDeactivationFailed(_logger, e, GrainId);
        }
        Close(null);
    }

    /// <summary>
    /// Leaves the catalog, then hands queued calls to a new activation (or fails them with
    /// <paramref name="failQueued"/>). Leaving first ensures a new activation reads only committed state.
    /// </summary>
    private void Close(Exception? failQueued)
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _catalog.Remove(this);
        WorkQueue queued;
        lock (_queueLock)
        {
            _queueClosed = true;
            queued = _queue;
            _queue = default;
        }
        while (queued.TryDequeue(out var item))
        {
            if (item is DeactivationRequest request)
            {
                request.MarkDone();
            }
            else if (failQueued is not null)
            {
                item.Fail(failQueued);
            }
            else
            {
                _catalog.Redispatch(GrainId, item);
            }
        }
        if (_grain is not null && failQueued is null)
        {
            _catalog.Metrics.Deactivated();
        }
        _stopped.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The turn loop of {GrainId} failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit of {GrainId} failed; {Writes} writes rejected and the activation dropped")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, GrainId grainId, int writes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId);
}

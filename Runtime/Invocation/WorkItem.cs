namespace TicketBoss.Runtime.Invocation;

/// <summary>A request queued to an activation: it invokes the grain and answers its caller.</summary>
internal abstract class WorkItem
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private int _state;

    /// <summary>The item queued after this one in its activation's <c>WorkQueue</c>.</summary>
    internal WorkItem? Next { get; set; }

    /// <summary>The caller's correlation id, captured when the call was made; the activation restores it for the turn.</summary>
    public string? CorrelationId { get; } = RequestContext.CorrelationId;

    /// <summary>Claims the item for its turn; false if its caller gave up on it first (then it must not run).</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    /// <summary>Gives up on the item if its turn has not begun: true means it will never run.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    /// <summary>Starts the grain method; the returned task completes with the method.</summary>
    public abstract Task Invoke(Grain grain);

    /// <summary>Answers the caller once the method is done and <paramref name="commitGate"/> (if any) is durable.</summary>
    public void Reply(Task methodTask, Task? commitGate)
    {
        if (methodTask.IsCompleted && (commitGate is null || commitGate.IsCompleted))
        {
            Complete(methodTask, commitGate);
            return;
        }
        _ = ReplyLaterAsync(methodTask, commitGate);
    }

    /// <summary>Fails the caller without invoking the grain.</summary>
    public abstract void Fail(Exception exception);

    private async Task ReplyLaterAsync(Task methodTask, Task? commitGate)
    {
        try
        {
            await methodTask.ConfigureAwait(false);
            if (commitGate is not null)
            {
                await commitGate.ConfigureAwait(false);
            }
        }
        catch
        {
            // Complete() reads the outcome from the tasks themselves.
        }
        Complete(methodTask, commitGate);
    }

    private void Complete(Task methodTask, Task? commitGate)
    {
        // A commit failure wins: whatever the method saw was never made durable.
        if (commitGate is { IsFaulted: true })
        {
            Fail(commitGate.Exception!.InnerException!);
        }
        else if (methodTask.IsFaulted)
        {
            Fail(Classify(methodTask.Exception!.InnerException!));
        }
        else if (methodTask.IsCanceled)
        {
            Fail(new TaskCanceledException());
        }
        else
        {
            SetResult(methodTask);
        }
    }

    protected abstract void SetResult(Task completedMethodTask);

    /// <summary>
    /// A grain method that talks to PostgreSQL itself (outside the fenced commit) and fails there: a statement the
    /// server rolled back for a passing reason may be retried; a lost connection cannot say whether its statement
    /// landed, and the caller is told exactly that. Any other failure (a bug) goes to the caller as it is.
    /// </summary>
    private static Exception Classify(Exception failure) => failure switch
    {
        Npgsql.PostgresException { InvariantSeverity: "ERROR", IsTransient: true } =>
            new GrainUnavailableException($"A database statement of the grain was rolled back: {failure.Message}", failure),
        Npgsql.PostgresException { InvariantSeverity: "ERROR" } => failure,
        Npgsql.NpgsqlException =>
            new CallOutcomeUnknownException($"A database call of the grain failed: {failure.Message}", failure),
        _ => failure,
    };
}

/// <summary>A call to a grain method returning <typeparamref name="T"/>.</summary>
internal sealed class GrainCall<T>(Func<Grain, object?[], Task> invoker, object?[] arguments) : WorkItem
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The caller's view of the call.</summary>
    public Task<T> Result => _result.Task;

    public override Task Invoke(Grain grain) => invoker(grain, arguments);

    public override void Fail(Exception exception) => _result.TrySetException(exception);

    protected override void SetResult(Task completedMethodTask) =>
        _result.TrySetResult(completedMethodTask is Task<T> typed ? typed.Result : default!);
}

namespace TicketBoss.Runtime.Activation;

/// <summary>The changes of one or more turns that are committed together, and the callers waiting on them.</summary>
internal sealed class CommitBatch
{
    private readonly TaskCompletionSource _durable = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the batch is committed; faults when it is not.</summary>
    public Task Durable => _durable.Task;

    /// <summary>How many writes (awaited <c>WriteStateAsync</c> calls) the batch holds.</summary>
    public int Writes { get; set; }

    public void Succeed() => _durable.TrySetResult();

    public void Fail(Exception error)
    {
        _durable.TrySetException(error);
        // Nobody may be awaiting a batch that only held reads' gates; observe it so it is not reported as unobserved.
        _ = _durable.Task.Exception;
    }
}

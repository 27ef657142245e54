using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Activation;

/// <summary>Asks an activation, in queue order, to commit what it has and leave.</summary>
internal sealed class DeactivationRequest(bool onlyIfIdle, bool abandon = false) : WorkItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When true the request is dropped if other calls are queued behind it.</summary>
    public bool OnlyIfIdle => onlyIfIdle;

    /// <summary>When true the activation is dropped without committing (a simulated crash).</summary>
    public bool Abandon => abandon;

    public Task Done => _done.Task;

    public void MarkDone() => _done.TrySetResult();

    public override Task Invoke(Grain grain) => Task.CompletedTask;

    public override void Fail(Exception exception) => _done.TrySetResult();

    protected override void SetResult(Task completedMethodTask) => _done.TrySetResult();
}

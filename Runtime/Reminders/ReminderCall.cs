using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Reminders;

/// <summary>A reminder tick delivered to a grain like any other call.</summary>
internal sealed class ReminderCall(string name, DateTimeOffset dueAt) : WorkItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public override Task Invoke(Grain grain) =>
        grain is IRemindable remindable
            ? remindable.ReceiveReminder(name, dueAt)
            : throw new InvalidOperationException($"{grain.GrainId} has a reminder but is not IRemindable.");

    public override void Fail(Exception exception) => _done.TrySetException(exception);

    protected override void SetResult(Task completedMethodTask) => _done.TrySetResult();
}

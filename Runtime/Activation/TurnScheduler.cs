namespace TicketBoss.Runtime.Activation;

/// <summary>
/// Runs one activation's tasks one at a time, in the order they were queued, on the thread pool: what makes a
/// grain single-threaded. It does what the exclusive half of a <see cref="ConcurrentExclusiveSchedulerPair"/> did,
/// without the pair's second scheduler, its queues and its thread-local, which every activation carried.
/// </summary>
internal sealed class TurnScheduler : TaskScheduler, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static TurnScheduler? t_running;

    private readonly Queue<Task> _tasks = new();
    private bool _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        lock (_tasks)
        {
            _tasks.Enqueue(task);
            if (_scheduled)
            {
                return;
            }
            _scheduled = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    // Inline only on the thread that is running this scheduler's tasks right now: one task at a time still holds.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        t_running == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_tasks)
        {
            return _tasks.ToArray();
        }
    }

    // Runs until the queue is empty, as the pair's exclusive scheduler did: a busy activation's continuations run
    // back to back on one thread (the activation's own loop yields between slices of turns).
    void IThreadPoolWorkItem.Execute()
    {
        t_running = this;
        try
        {
            while (true)
            {
                Task? task;
                lock (_tasks)
                {
                    if (!_tasks.TryDequeue(out task))
                    {
                        _scheduled = false;
                        return;
                    }
                }
                TryExecuteTask(task);
            }
        }
        finally
        {
            t_running = null;
        }
    }
}

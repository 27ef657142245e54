namespace TicketBoss.Grains;

/// <summary>
/// The live feed of one event grain: recent committed snapshots and the watchers waiting for the next one.
/// It costs nothing until someone watches: the grain takes snapshots only while the feed was watched recently.
/// </summary>
internal sealed class EventFeed
{
    private const int Kept = 64;
    private static readonly TimeSpan WatchedFor = TimeSpan.FromMinutes(1);

    private readonly List<EventSnapshot> _recent = [];
    private readonly List<(long After, TaskCompletionSource<IReadOnlyList<EventSnapshot>> Waiter)> _waiters = [];
    private long _watchedUntil;

    /// <summary>True while someone watched within the last minute.</summary>
    public bool IsWatched => Environment.TickCount64 < _watchedUntil;

    public void Touch() => _watchedUntil = Environment.TickCount64 + (long)WatchedFor.TotalMilliseconds;

    /// <summary>The committed snapshots after <paramref name="after"/> up to <paramref name="current"/>, if every one of them is kept.</summary>
    public IReadOnlyList<EventSnapshot>? Between(long after, long current)
    {
        var since = _recent.Where(s => s.Version > after).ToList();
        return since.Count > 0 && since[0].Version == after + 1 && since[^1].Version == current ? since : null;
    }

    /// <summary>Completes with the next committed snapshots, or with none after <paramref name="wait"/>.</summary>
    public Task<IReadOnlyList<EventSnapshot>> WaitAsync(long after, TimeSpan wait)
    {
        _waiters.RemoveAll(w => w.Waiter.Task.IsCompleted);
        var waiter = new TaskCompletionSource<IReadOnlyList<EventSnapshot>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((after, waiter));
        _ = Task.Delay(wait).ContinueWith(_ => waiter.TrySetResult([]), TaskScheduler.Default);
        return waiter.Task;
    }

    /// <summary>Records a committed snapshot and wakes the watchers behind it.</summary>
    public void Publish(EventSnapshot snapshot)
    {
        _recent.Add(snapshot);
        if (_recent.Count > Kept)
        {
            _recent.RemoveAt(0);
        }
        foreach (var (after, waiter) in _waiters)
        {
            waiter.TrySetResult(_recent.Where(s => s.Version > after).ToList());
        }
        _waiters.Clear();
    }

    /// <summary>Lets every watcher go (the activation is leaving); they come back to the next one.</summary>
    public void ReleaseAll()
    {
        foreach (var (_, waiter) in _waiters)
        {
            waiter.TrySetResult([]);
        }
        _waiters.Clear();
    }
}

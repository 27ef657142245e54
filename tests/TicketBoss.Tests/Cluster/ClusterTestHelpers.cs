using System.Collections.Concurrent;
using System.Diagnostics;
using TicketBoss.Grains;
using TicketBoss.Tests.Http;

namespace TicketBoss.Tests.Cluster;

/// <summary>Shared steps of the cluster tests: events, storage checks, load.</summary>
internal static class ClusterTestHelpers
{
    public static IEventGrain Event(this IGrainFactory grains, string eventId) => grains.GetGrain<IEventGrain>(eventId);

    /// <summary>Creates <paramref name="count"/> events named <c>evt_{prefix}_{i}</c> and returns their ids.</summary>
    public static async Task<List<string>> CreateEventsAsync(IGrainFactory grains, string prefix, int count, int capacity)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"evt_{prefix}_{i}").ToList();
        foreach (var id in ids)
        {
            var created = await grains.Event(id).CreateAsync(new EventDefinition(prefix, capacity));
            Assert.True(created.IsSuccess, $"creating {id}: {created.Error?.Code}");
        }
        return ids;
    }

    /// <summary>The value of a successful outcome; fails the test with the error code otherwise.</summary>
    public static T Ok<T>(this Outcome<T> outcome, string what)
    {
        Assert.True(outcome.IsSuccess, $"{what}: {outcome.Error?.Code} {outcome.Error?.Message}");
        return outcome.Value!;
    }

    /// <summary>
    /// The invariants of every committed event, read from the tables: no seat in two live holds or bookings, and each
    /// event's held and booked counts are the seats of its live holds and confirmed bookings.
    /// </summary>
    public static async Task AssertStorageConsistentAsync(string connectionString)
    {
        Assert.Empty(await HttpTestHelpers.QueryAsync(connectionString,
            "SELECT event_id, seat, count(*) FROM seat_assignments GROUP BY 1, 2 HAVING count(*) > 1"));
        Assert.Empty(await HttpTestHelpers.QueryAsync(connectionString, """
            SELECT e.event_id, e.available, e.held, e.booked, e.capacity, coalesce(a.held, 0), coalesce(a.booked, 0)
              FROM events e
              LEFT JOIN (SELECT event_id, count(*) FILTER (WHERE status = 'held') AS held,
                                count(*) FILTER (WHERE status = 'booked') AS booked
                           FROM seat_assignments GROUP BY event_id) a USING (event_id)
             WHERE e.available + e.held + e.booked <> e.capacity
                OR e.held <> coalesce(a.held, 0) OR e.booked <> coalesce(a.booked, 0)
            """));
    }
}

/// <summary>
/// Workers calling in a loop until stopped; each failed call is kept with when it happened (since the run started).
/// </summary>
internal sealed class LoadRun
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _workers;
    private long _calls;

    public LoadRun(int workers, Func<int, Task> iteration)
    {
        _workers = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await iteration(worker);
                    Interlocked.Increment(ref _calls);
                }
                catch (Exception e)
                {
                    Failures.Enqueue((_clock.Elapsed, e));
                    // A failing silo fails calls fast: back off rather than spin.
                    await Task.Delay(20);
                }
            }
        }))];
    }

    /// <summary>Iterations that returned (whatever their outcome).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    public ConcurrentQueue<(TimeSpan At, Exception Error)> Failures { get; } = new();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Stops the workers and waits for their last calls (bounded: a call hanging that long is a failure).</summary>
    public async Task StopAsync(TimeSpan? bound = null)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(bound ?? TimeSpan.FromSeconds(15));
        _stop.Dispose();
    }
}

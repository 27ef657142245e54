using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Cluster;

/// <summary>
/// The cluster tests start several silos each and assert time bounds (failure detection, hold expiry), so they run
/// one at a time and apart from the rest of the suite.
/// </summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>Shared steps of the cluster tests: events, ownership, polling, load and storage checks.</summary>
internal static class ClusterTestHelpers
{
    public static IEventGrain Event(this IGrainFactory grains, string eventId) => grains.GetGrain<IEventGrain>(eventId);

    public static GrainId GrainOf(string eventId) => new("EventGrain", eventId);

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

    /// <summary>How many silos of the cluster hold an activation of the event.</summary>
    public static int ActivationsOf(TestCluster cluster, string eventId) =>
        cluster.Silos.Count(s => s.Catalog.Find(GrainOf(eventId)) is not null);

    /// <summary>The silo holding the activations of most of <paramref name="eventIds"/>.</summary>
    public static ClusterSilo SiloOwningMost(TestCluster cluster, IEnumerable<string> eventIds) =>
        eventIds.Select(cluster.OwnerOf).OfType<ClusterSilo>().GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;

    /// <summary>The silo placement puts the event on, as the client sees the cluster now.</summary>
    public static string? PlacedOn(IClusterMembership view, string eventId) =>
        new ClusterView(view.Members).OwnerOf(GrainOf(eventId))?.Id;

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>. Returns the time it took.</summary>
    public static Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Poll.UntilAsync(condition, timeout, what);

    public static Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>The failures a caller may see while a silo crashes: the call did not take effect, or its outcome is unknown.</summary>
    public static bool IsCrashWindowFailure(Exception e) =>
        e is GrainUnavailableException or CallOutcomeUnknownException or TimeoutException;

    /// <summary>Every row of a query, each as an array of its columns.</summary>
    public static async Task<List<object?[]>> QueryAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The invariants of every committed event, read from the tables: no seat in two live holds or bookings, and each
    /// event's held and booked counts are the seats of its live holds and confirmed bookings.
    /// </summary>
    public static async Task AssertStorageConsistentAsync(string connectionString)
    {
        Assert.Empty(await QueryAsync(connectionString,
            "SELECT event_id, seat, count(*) FROM seat_assignments GROUP BY 1, 2 HAVING count(*) > 1"));
        Assert.Empty(await QueryAsync(connectionString, """
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
                }
            }
        }))];
    }

    /// <summary>Calls that returned (whatever their outcome).</summary>
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

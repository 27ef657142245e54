using System.Diagnostics;

namespace TicketBoss.Bench;

/// <summary>
/// A closed loop: each of N workers sends one operation, waits for its answer, and sends the next, for a fixed time
/// (or until the operation says to stop). Latency is timed per operation from send to answer. With a
/// <see cref="Rate"/>, an open loop instead: operations are sent on a fixed schedule, whatever the answers.
/// </summary>
internal static class LoadDriver
{
    /// <summary>The answer of one operation: an HTTP-like status (0 for a network failure), and whether to go on.</summary>
    public readonly record struct Answer(int Status, bool Stop = false);

    /// <summary>Load before the measured run, so that JIT tiering, connection set-up and the first activation are not measured.</summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The first run of an invocation warms up longer: the service may have just started, and its JIT keeps tiering
    /// up for seconds (measured: a first hot-event run gave half the throughput of the same run later).
    /// </summary>
    public static readonly TimeSpan FirstWarmUp = TimeSpan.FromSeconds(15);

    private static bool _warmedUp;

    /// <summary>
    /// Operations per second of an open loop, or 0 for a closed loop. An open loop compares costs at the same load:
    /// a closed loop sends faster the faster it is answered, so its latencies are those of different loads.
    /// </summary>
    public static int Rate { get; set; }

    public static async Task<LoadResult> RunAsync(string name, int workers, TimeSpan duration, Func<int, Task<Answer>> operation, TimeSpan? warmUp = null)
    {
        var warmUntil = Stopwatch.StartNew();
        var warmFor = warmUp ?? (_warmedUp ? DefaultWarmUp : FirstWarmUp);
        _warmedUp = true;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, 64)).Select(async w =>
        {
            while (warmUntil.Elapsed < warmFor && !(await operation(w)).Stop)
            {
            }
        }));
        if (Rate > 0)
        {
            return await OpenLoopAsync(name, workers, duration, operation);
        }
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var stopped = false;
        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var latencies = new List<double>(8192);
            var statuses = new Dictionary<int, int>();
            while (!stopped && clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                Answer answer;
                try
                {
                    answer = await operation(w);
                }
                catch (Exception)
                {
                    answer = new Answer(0);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                stopped |= answer.Stop;
            }
            return (latencies, statuses);
        })));
        return new LoadResult(
            name, workers, clock.Elapsed,
            [.. results.SelectMany(r => r.latencies).Order()],
            results.SelectMany(r => r.statuses).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)))
        {
            Cpu = cpu.Read(),
        };
    }

    /// <summary>
    /// Sends <see cref="Rate"/> operations a second on schedule, at most <paramref name="workers"/> at once, and times
    /// each from when it was due: an operation that waits for a free connection, or behind a stall, counts the wait
    /// (no coordinated omission). Throughput is the successes over the scheduled time. An answer that says to stop
    /// ends the schedule.
    /// </summary>
    private static async Task<LoadResult> OpenLoopAsync(string name, int workers, TimeSpan duration, Func<int, Task<Answer>> operation)
    {
        var count = (int)(Rate * duration.TotalSeconds);
        var latencies = new double[count];
        var statuses = new int[count];
        var running = new Task[count];
        using var connections = new SemaphoreSlim(workers);
        var cpu = new CpuMeter();
        var start = Stopwatch.GetTimestamp();
        var ticksPerOperation = Stopwatch.Frequency / (double)Rate;
        var stopped = false;
        var next = 0;
        while (next < count && !Volatile.Read(ref stopped))
        {
            // Everything that is due goes now; the timer's millisecond grain only bunches operations within a millisecond.
            var now = Stopwatch.GetTimestamp();
            for (; next < count && start + (long)(next * ticksPerOperation) <= now; next++)
            {
                running[next] = RunOneAsync(next, start + (long)(next * ticksPerOperation));
            }
            await Task.Delay(1);
        }
        var scheduled = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(running.Take(next));
        return new LoadResult(
            $"{name}, open loop at {Rate:N0}/s", workers, scheduled, [.. latencies.Take(next).Order()],
            statuses.Take(next).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()))
        {
            Cpu = cpu.Read(),
        };

        async Task RunOneAsync(int index, long due)
        {
            await connections.WaitAsync();
            try
            {
                var answer = await operation(index % workers);
                statuses[index] = answer.Status;
                if (answer.Stop)
                {
                    Volatile.Write(ref stopped, true);
                }
            }
            catch (Exception)
            {
                statuses[index] = 0;
            }
            finally
            {
                connections.Release();
            }
            latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        }
    }
}

using System.Diagnostics;

namespace TicketBoss.Bench;

/// <summary>
/// A closed loop: each of N workers sends one operation, waits for its answer, and sends the next, for a fixed time
/// (or until the operation says to stop). Latency is timed per operation from send to answer.
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
            results.SelectMany(r => r.statuses).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)));
    }
}

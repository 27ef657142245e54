using System.Diagnostics;

namespace TicketBoss.Bench;

/// <summary>
/// A fixed CPU-bound loop, timed before and after an invocation: on a shared host the machine's speed drifts
/// (the same run measured twice as fast in one hour as in the next), so figures are only comparable with it.
/// </summary>
internal static class MachineSpeed
{
    private const int Iterations = 500_000_000;

    /// <summary>Milliseconds one core takes for the loop (the best of three, to skip a descheduled moment).</summary>
    public static double LoopMilliseconds()
    {
        var best = double.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var x = (ulong)attempt + 88172645463325252UL;
            for (var i = 0; i < Iterations; i++)
            {
                // xorshift64: cheap work the JIT cannot fold away.
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            GC.KeepAlive(x);
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}

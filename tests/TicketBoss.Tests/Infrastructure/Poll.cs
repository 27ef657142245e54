using System.Diagnostics;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// Waits for timed behaviour by polling, so that a test bounds it generously instead of sleeping for a guess that a
/// busy CI machine can miss. How late it really is, is measured by the benchmark, not here.
/// </summary>
internal static class Poll
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>. Returns the time it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.0} s waiting until {what}.");
            }
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }
}

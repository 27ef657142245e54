using System.Diagnostics;

namespace TicketBoss.Runtime.Invocation;

/// <summary>When a call must be answered by, and how many times it has been forwarded between silos.</summary>
internal readonly record struct CallDeadline(long ExpiresAtTimestamp, int Hops)
{
    public static CallDeadline After(TimeSpan timeout, int hops = 0) =>
        new(Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency), hops);

    /// <summary>Time left; zero once the deadline has passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = ExpiresAtTimestamp - Stopwatch.GetTimestamp();
            return left > 0 ? TimeSpan.FromSeconds((double)left / Stopwatch.Frequency) : TimeSpan.Zero;
        }
    }

    /// <summary>The same deadline for a call forwarded once more.</summary>
    public CallDeadline Forwarded() => this with { Hops = Hops + 1 };
}

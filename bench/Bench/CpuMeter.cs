using System.Diagnostics;

namespace TicketBoss.Bench;

/// <summary>CPU spent during one run: the whole machine's, and the load generator's own share of it.</summary>
/// <param name="MachineCoreSeconds">Busy CPU time of every process on the machine (steal and I/O wait excluded).</param>
/// <param name="BenchCoreSeconds">Busy CPU time of this process, the load generator.</param>
internal readonly record struct CpuUse(double MachineCoreSeconds, double BenchCoreSeconds)
{
    /// <summary>What the service and PostgreSQL (and anything else running) spent: the machine less the load generator.</summary>
    public double ServiceCoreSeconds => Math.Max(0, MachineCoreSeconds - BenchCoreSeconds);
}

/// <summary>
/// Measures <see cref="CpuUse"/> over a run, from <c>/proc/stat</c> (Linux; elsewhere there is nothing to measure).
/// CPU time per operation is a cost per request that throughput alone does not give, since the load generator
/// shares the cores with the service. Compare it between runs at the same load: at a light one, idle threads
/// spinning before they sleep and timers count too, and the figure per operation is higher (measured: 135 to 152
/// against 74 µs for holds on one event at 4,000/s and at saturation).
/// </summary>
internal sealed class CpuMeter
{
    private const string ProcStat = "/proc/stat";

    private readonly (long Busy, long Total)? _machine = ReadMachine();
    private readonly TimeSpan _bench = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The CPU used since this meter was made, or null where the machine's CPU time cannot be read.</summary>
    public CpuUse? Read()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        if (_machine is not { } before || ReadMachine() is not { } after || after.Total <= before.Total)
        {
            return null;
        }
        // Jiffies of all cores together: the busy share of them, times the cores' time, is the busy CPU time.
        var busyShare = (double)(after.Busy - before.Busy) / (after.Total - before.Total);
        var bench = (Process.GetCurrentProcess().TotalProcessorTime - _bench).TotalSeconds;
        return new CpuUse(busyShare * Environment.ProcessorCount * elapsed, bench);
    }

    // The first line of /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice, in jiffies.
    // Guest time is already inside user time, so it is not added again.
    private static (long Busy, long Total)? ReadMachine()
    {
        try
        {
            var fields = File.ReadLines(ProcStat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var j = fields.Skip(1).Take(8).Select(long.Parse).ToArray();
            var busy = j[0] + j[1] + j[2] + j[5] + j[6];
            return (busy, busy + j[3] + j[4] + j[7]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

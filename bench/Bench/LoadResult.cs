using System.Globalization;

namespace TicketBoss.Bench;

/// <summary>What one timed run measured, and the result of its consistency check.</summary>
internal sealed record LoadResult(string Name, int Workers, TimeSpan Elapsed, double[] SortedLatenciesMs, Dictionary<int, int> Statuses)
{
    public string Check { get; set; } = "not checked";

    public bool CheckPassed { get; set; } = true;

    /// <summary>The CPU the run used, where the machine's CPU time can be read.</summary>
    public CpuUse? Cpu { get; init; }

    /// <summary>Microseconds of CPU the service and PostgreSQL spent per operation, or null when not measured.</summary>
    public double? ServiceCpuPerOperationUs =>
        Cpu is { } cpu && SortedLatenciesMs.Length > 0 ? cpu.ServiceCoreSeconds * 1e6 / SortedLatenciesMs.Length : null;

    /// <summary>Operations answered with success (2xx) per second.</summary>
    public double Throughput => Statuses.Where(p => p.Key is >= 200 and < 300).Sum(p => p.Value) / Elapsed.TotalSeconds;

    public int Errors => Statuses.Where(p => p.Key is 0 or >= 500).Sum(p => p.Value);

    public double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(p * SortedLatenciesMs.Length))];

    public void Print()
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"== {Name}: {Workers} connections, {Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(c, $"   throughput {Throughput:N0} ok/s ({SortedLatenciesMs.Length:N0} operations); latency p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, p99.9 {Percentile(0.999):F2} ms, max {SortedLatenciesMs.LastOrDefault():F1} ms"));
        Console.WriteLine($"   answers    {string.Join(", ", Statuses.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "network error" : p.Key)}: {p.Value:N0}"))}");
        Console.WriteLine($"   check      {(CheckPassed ? "OK" : "FAILED")}: {Check}");
        Console.WriteLine(Cpu is { } cpu && ServiceCpuPerOperationUs is { } perOperation
            ? string.Create(c, $"   cpu        {cpu.MachineCoreSeconds / Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores busy; per operation {perOperation:F0} µs for the service and PostgreSQL, {cpu.BenchCoreSeconds * 1e6 / SortedLatenciesMs.Length:F0} µs for the load generator")
            : $"   cpu        not measured ({(Cpu is null ? "no /proc/stat" : "no operations")})");
    }

    public string Row(CultureInfo c) => string.Create(c,
        $"| {Name} | {Workers} | {Throughput:N0}/s | {Percentile(0.50):F1} ms | {Percentile(0.99):F1} ms | {Percentile(0.999):F1} ms | {Errors} | {(CheckPassed ? "OK" : "FAILED")} | {(ServiceCpuPerOperationUs is { } us ? $"{us:F0} µs" : "-")} |");
}

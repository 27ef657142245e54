using System.Globalization;

namespace TicketBoss.Bench;

/// <summary>What a run measured, and the check that the event's counts still add up.</summary>
internal sealed record BenchResult(
    string EventId, TimeSpan Elapsed, double[] SortedLatenciesMs, Dictionary<int, int> Statuses,
    int Total, int Available, int Held, int Booked, int Quantity)
{
    private int Succeeded => Statuses.GetValueOrDefault(201);

    public bool Consistent => Available + Held + Booked == Total && Held == Succeeded * Quantity && Held <= Total;

    public void Print(BenchOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("TicketBoss bench: one hot event, holds over HTTP");
        Console.WriteLine(string.Create(c, $"  conditions: {Environment.ProcessorCount} cores (shared by client and server), {options.Connections} connections, {options.Seconds} s, qty {options.Quantity}, target {options.Url}, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"  requests:   {SortedLatenciesMs.Length:N0} in {Elapsed.TotalSeconds:F1} s = {SortedLatenciesMs.Length / Elapsed.TotalSeconds:N0} req/s"));
        Console.WriteLine(string.Create(c, $"  holds:      {Succeeded:N0} succeeded = {Succeeded / Elapsed.TotalSeconds:N0} holds/s"));
        Console.WriteLine(string.Create(c, $"  latency:    p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, p99.9 {Percentile(0.999):F2} ms, max {SortedLatenciesMs.LastOrDefault():F1} ms"));
        Console.WriteLine($"  statuses:   {string.Join(", ", Statuses.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "network error" : p.Key)}: {p.Value:N0}"))}");
        Console.WriteLine(string.Create(c, $"  event {EventId}: total {Total}, available {Available}, held {Held}, booked {Booked}"));
        Console.WriteLine(Consistent
            ? "  check:      OK (counts add up; held seats = acknowledged holds; nothing oversold)"
            : "  check:      FAILED (counts do not match the acknowledged holds)");
    }

    private double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(p * SortedLatenciesMs.Length))];
}

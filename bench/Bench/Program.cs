using System.Globalization;
using TicketBoss.Bench;
using TicketBoss.Bench.Scenarios;

// Measures TicketBoss under load, scenario by scenario, and checks after each run that nothing oversold.
// The conventional design (one PostgreSQL transaction with a conditional UPDATE per request) runs in the same
// invocation as a comparator, so that the ratio is taken on the same machine at the same time.
if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is FormatException or OverflowException or UriFormatException)
{
    Console.WriteLine($"a bad option value: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}
if (options.Rate < 0)
{
    Console.WriteLine($"--rate must be 0 or more\n{BenchOptions.Usage}");
    return 2;
}
var c = CultureInfo.InvariantCulture;
var duration = TimeSpan.FromSeconds(options.Seconds);
Console.WriteLine(string.Create(c, $"TicketBoss bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine(string.Create(c, $"conditions: {Environment.ProcessorCount} cores shared by the load generator, the service and PostgreSQL; .NET {Environment.Version}; {Environment.OSVersion}; target {options.Url}"));
var speedBefore = MachineSpeed.LoopMilliseconds();
Console.WriteLine(string.Create(c, $"machine speed: a fixed CPU loop took {speedBefore:F0} ms (lower is faster; compare runs only at similar speeds)"));
LoadDriver.Rate = options.Rate;
var loop = options.Rate > 0 ? string.Create(c, $"open loop at {options.Rate:N0} operations/s") : "closed loop";
Console.WriteLine(string.Create(c, $"load: {loop}, {options.Seconds} s per run after a {LoadDriver.DefaultWarmUp.TotalSeconds:0} s warm-up ({LoadDriver.FirstWarmUp.TotalSeconds:0} s for the first, none for last-seats); scenarios {string.Join(",", options.Scenarios)}; connections {string.Join(",", options.Connections)}; qty {string.Join(",", options.Quantities)}"));

var results = new List<LoadResult>();
async Task Run(Func<Task<LoadResult>> scenario)
{
    var result = await scenario();
    result.Print();
    results.Add(result);
}

foreach (var connections in options.Connections)
{
    foreach (var scenario in options.Scenarios)
    {
        switch (scenario)
        {
            case "hot":
                foreach (var quantity in options.Quantities)
                {
                    await Run(() => HotEventScenario.RunAsync(options.Url, connections, quantity, duration));
                }
                break;
            case "hold-book":
                await Run(() => HoldThenBookScenario.RunAsync(options.Url, connections, duration));
                break;
            case "spread":
                foreach (var events in options.Events)
                {
                    await Run(() => SpreadScenario.RunAsync(options.Url, connections, events, duration));
                }
                break;
            case "expiry":
                await Run(() => ExpiryScenario.RunAsync(options.Url, connections, events: 1_000, ttlSeconds: 10));
                break;
            case "last-seats":
                await Run(() => LastSeatsScenario.RunAsync(options.Url, connections, seats: 5_000));
                break;
            case "direct":
                await Run(() => DirectClientScenario.RunAsync(options.Postgres ?? throw new ArgumentException("the direct scenario needs --postgres"), connections, duration));
                break;
            case "conventional":
                if (options.Postgres is null)
                {
                    Console.WriteLine("== conventional: skipped (give --postgres or ConnectionStrings__Postgres)");
                    break;
                }
                await using (var conventional = await ConventionalServer.StartAsync(options.Postgres))
                {
                    foreach (var quantity in options.Quantities)
                    {
                        await Run(() => HotEventScenario.RunAsync(conventional.Url, connections, quantity, duration, "conventional"));
                    }
                }
                break;
            default:
                Console.WriteLine($"unknown scenario {scenario}\n{BenchOptions.Usage}");
                return 2;
        }
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(c, $"machine speed: the CPU loop took {speedBefore:F0} ms before the runs and {MachineSpeed.LoopMilliseconds():F0} ms after"));
Console.WriteLine("| scenario | connections | throughput | p50 | p99 | p99.9 | errors | check | CPU/op |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var result in results)
{
    Console.WriteLine(result.Row(c));
}
foreach (var conventional in results.Where(r => r.Name.StartsWith("conventional", StringComparison.Ordinal)))
{
    var ours = results.FirstOrDefault(r => r.Workers == conventional.Workers && r.Name == conventional.Name.Replace("conventional", "hot event", StringComparison.Ordinal));
    if (ours is not null && conventional.Throughput > 0)
    {
        Console.WriteLine(string.Create(c, $"ratio at {ours.Workers} connections, {ours.Name}: TicketBoss {ours.Throughput:N0}/s vs conventional {conventional.Throughput:N0}/s = {ours.Throughput / conventional.Throughput:F1}x"));
    }
}
return results.All(r => r.CheckPassed) ? 0 : 1;

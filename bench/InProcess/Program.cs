using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Orleans;
using TicketBoss.Grains;
using TicketBoss.Grains.Storage;

// Usage: dotnet bench/InProcess/bin/Release/net10.0/TicketBoss.InProcess.dll [--events 1,100,10000] [--callers 256] [--seconds 10]
// with ConnectionStrings__Postgres set (a database of its own: it creates events there).
// Hosts one silo in this process and calls its event grains directly, without HTTP or another process: 1-seat holds
// spread evenly over N events. It shows what the grain, group commit and GC cost as events grow, apart from HTTP.
var c = CultureInfo.InvariantCulture;
string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
var eventCounts = Option("--events", "1,100,10000").Split(',').Select(n => int.Parse(n, c)).ToArray();
var callers = int.Parse(Option("--callers", "256"), c);
var seconds = int.Parse(Option("--seconds", "10"), c);
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres to a database for this run.");

Console.WriteLine(string.Create(c, $"TicketBoss in-process, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores shared with PostgreSQL, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; {callers} callers, {seconds} s per run after a warm-up of 15 s for the first, 3 s for the others"));

var request = new HoldRequest(Quantity: 1, TtlSeconds: 900);
foreach (var count in eventCounts)
{
    // A silo of its own for each count, so that no run carries the holds of the one before in its heap.
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        // A cluster of its own on free ports, so that a ./run.sh on this machine is neither joined nor disturbed.
        ["Silo:ClusterId"] = "bench-inprocess",
        ["Silo:SiloPort"] = FreePorts.Next().ToString(c),
        ["Silo:GatewayPort"] = FreePorts.Next().ToString(c),
    });
    builder.UseOrleans(silo => silo.AddTicketing(builder.Configuration));
    using var host = builder.Build();
    await host.StartAsync();
    var grains = host.Services.GetRequiredService<IGrainFactory>();
    var metrics = host.Services.GetRequiredService<CommitMetrics>();
    var run = Guid.NewGuid().ToString("N")[..8];
    var events = new IEventGrain[count];
    // Enough seats that no event sells out, whatever the number of events (as the HTTP bench's spread scenario).
    var seats = Math.Clamp(1_000_000 / count, 10_000, 1_000_000);
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
    {
        events[i] = grains.GetGrain<IEventGrain>($"evt_inproc{run}_{i}");
        var created = await events[i].CreateAsync(new EventDefinition($"in-process {i}", seats));
        if (!created.IsSuccess)
        {
            throw new InvalidOperationException($"creating an event failed: {created.Error?.Message}");
        }
    });

    long holds = 0;
    var stop = false;
    var load = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (!Volatile.Read(ref stop))
        {
            if ((await events[Random.Shared.Next(count)].HoldAsync(request)).IsSuccess)
            {
                Interlocked.Increment(ref holds);
            }
        }
    })).ToArray();
    // The JIT keeps tiering up the hot path for seconds after the first load (measured: 9% of the CPU went to it
    // 10 s in); later runs in this process reuse its code.
    await Task.Delay(TimeSpan.FromSeconds(count == eventCounts[0] ? 15 : 3));
    var (holds0, commits0, transactions0, pause0, gcs0) = (Interlocked.Read(ref holds), metrics.Commits, metrics.Transactions, GC.GetTotalPauseDuration(), GC.CollectionCount(0));
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var (holds1, commits1, transactions1, pause1, gcs1) = (Interlocked.Read(ref holds), metrics.Commits, metrics.Transactions, GC.GetTotalPauseDuration(), GC.CollectionCount(0));
    var elapsed = clock.Elapsed.TotalSeconds;
    Volatile.Write(ref stop, true);
    await Task.WhenAll(load);
    Console.WriteLine(string.Create(c,
        $"{count,6:N0} events of {seats:N0} seats: {(holds1 - holds0) / elapsed,8:N0} holds/s; {(commits1 - commits0) / elapsed:N0} commits/s of {(double)(holds1 - holds0) / Math.Max(1, commits1 - commits0):F1} holds, in {(transactions1 - transactions0) / elapsed:N0} transactions/s; GC {(pause1 - pause0).TotalMilliseconds / elapsed:F0} ms of pause per second over {gcs1 - gcs0} collections"));
    await host.StopAsync();
}

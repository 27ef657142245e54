using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Runtime;
using TicketBoss.Grains;

// Usage: dotnet bench/Scale/bin/Release/net10.0/TicketBoss.Scale.dll [--events 10000] [--seats 50000] [--bookings 20000]
// with ConnectionStrings__Postgres set (a database of its own: it creates events there).
// Hosts one silo in this process and measures what an event costs: the managed memory of an idle activation,
// and how long an event with many seats and bookings takes to activate (load from PostgreSQL).
var c = CultureInfo.InvariantCulture;
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], c) : fallback;
var events = Option("--events", 10_000);
var seats = Option("--seats", 50_000);
var bookings = Option("--bookings", 20_000);
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres to a database for this run.");

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Postgres"] = connectionString,
    // A cluster of its own on free ports, so that a ./run.sh on this machine is neither joined nor disturbed.
    ["Silo:ClusterId"] = "bench-scale",
    ["Silo:SiloPort"] = FreePorts.Next().ToString(c),
    ["Silo:GatewayPort"] = FreePorts.Next().ToString(c),
});
builder.UseOrleans(silo => silo
    .AddTicketing(builder.Configuration)
    .Configure<Orleans.Configuration.GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromHours(1)));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var management = grains.GetGrain<IManagementGrain>(0);
var run = Guid.NewGuid().ToString("N")[..8];
Console.WriteLine(string.Create(c, $"TicketBoss scale, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}"));

// 1. Memory per idle activation: events of 500 numbered seats with a few holds, created then left alone.
await Create(grains, $"evt_scale{run}w", 500);
var before = Settle();
await Parallel.ForAsync(0, events, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
{
    var id = $"evt_scale{run}{i}";
    await Create(grains, id, 500);
    await grains.GetGrain<IEventGrain>(id).HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 900));
});
var after = Settle();
var activations = await management.GetTotalActivationCount();
Console.WriteLine(string.Create(c, $"idle activations: {events:N0} events of 500 seats with one 2-seat hold each; managed heap grew {(after - before) / 1024.0 / 1024.0:F1} MiB = {(after - before) / (double)events / 1024.0:F1} KiB per activation ({activations:N0} activations)"));

// 2. Activation time of a big event: many seats, many bookings.
var big = $"evt_scale{run}big";
await Create(grains, big, seats);
var grain = grains.GetGrain<IEventGrain>(big);
var booked = 0;
await Parallel.ForAsync(0, bookings, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
{
    if ((await grain.BookSeatsAsync([(i + 1).ToString(c)])).IsSuccess)
    {
        Interlocked.Increment(ref booked);
    }
});
var timings = new List<double>();
for (var round = 0; round < 5; round++)
{
    await management.ForceActivationCollection(TimeSpan.Zero);
    var clock = Stopwatch.StartNew();
    var snapshot = (await grain.GetSnapshotAsync()).Value!;
    timings.Add(clock.Elapsed.TotalMilliseconds);
    if (snapshot.Booked != booked)
    {
        throw new InvalidOperationException($"reloaded {snapshot.Booked} booked seats, expected {booked}");
    }
}
timings.Sort();
Console.WriteLine(string.Create(c, $"activation of an event with {seats:N0} seats and {booked:N0} bookings: median {timings[2]:F0} ms, best {timings[0]:F0} ms, worst {timings[^1]:F0} ms over 5 cold activations"));
await host.StopAsync();
return 0;

static async Task Create(IGrainFactory grains, string id, int seats)
{
    var created = await grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("scale", seats));
    if (!created.IsSuccess)
    {
        throw new InvalidOperationException(created.Error!.Message);
    }
}

static long Settle()
{
    for (var i = 0; i < 3; i++)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
    return GC.GetTotalMemory(forceFullCollection: true);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using TicketBoss.Grains;

// Calls the EventGrain of a running TicketBoss (./run.sh or a cluster) directly with the Orleans client, without HTTP:
// create an event, hold seats, book them, read the snapshot. The client finds the silos' gateways in the membership
// table in PostgreSQL. Usage:
//   dotnet examples/DirectClient/bin/Release/net10.0/TicketBoss.DirectClient.dll "Host=127.0.0.1;Port=55432;Username=postgres;Database=ticketboss"
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: TicketBoss.DirectClient <PostgreSQL connection string of the cluster>");
    return 2;
}
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = ("ticketboss", "ticketboss"))
    .UseAdoNetClustering(table => (table.Invariant, table.ConnectionString) = ("Npgsql", args[0])));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

var eventId = $"direct-{Guid.NewGuid():N}"[..20];
var concert = grains.GetGrain<IEventGrain>(eventId);
var created = await concert.CreateAsync(new EventDefinition("Direct client demo", 100, Venue: "Main hall"));
Console.WriteLine($"created {eventId}: {created.Value?.Total} seats (version {created.Value?.Version})");

var hold = await concert.HoldAsync(new HoldRequest(Quantity: 4, TtlSeconds: 60));
if (!hold.IsSuccess)
{
    Console.Error.WriteLine($"hold failed: {hold.Error}");
    return 1;
}
Console.WriteLine($"held {string.Join(",", hold.Value!.Seats)} as {hold.Value.HoldId}, expires {hold.Value.ExpiresAt:HH:mm:ss}");

var booking = await concert.BookHoldAsync(hold.Value.HoldId, hold.Value.PaymentToken!);
Console.WriteLine($"booked {booking.Value?.Booking.BookingId} ({booking.Value?.Booking.Seats.Count} seats)");

var snapshot = (await concert.GetSnapshotAsync()).Value!;
Console.WriteLine($"snapshot: available {snapshot.Available}, held {snapshot.Held}, booked {snapshot.Booked}, version {snapshot.Version}");
await host.StopAsync();
return snapshot.Booked == 4 && snapshot.Available + snapshot.Held + snapshot.Booked == snapshot.Total ? 0 : 1;

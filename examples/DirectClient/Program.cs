using TicketBoss.Grains;
using TicketBoss.Runtime.Client;

// Calls the EventGrain of a running cluster directly, without HTTP: create an event, hold seats, book them,
// read the snapshot. Usage:
//   TICKETBOSS_CLUSTER_KEY=... dotnet examples/DirectClient/bin/Release/net10.0/TicketBoss.DirectClient.dll 127.0.0.1:11111 [more seeds]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TicketBoss.DirectClient <silo host:port> [...]   (cluster key in TICKETBOSS_CLUSTER_KEY)");
    return 2;
}
await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
{
    Seeds = [.. args],
    ClusterKey = Environment.GetEnvironmentVariable("TICKETBOSS_CLUSTER_KEY") ?? "",
});
Console.WriteLine($"connected: {client.Members.Count(m => m.IsActive)} silos active");

var eventId = $"direct-{Guid.NewGuid():N}"[..20];
var concert = client.GetGrain<IEventGrain>(eventId);
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
return snapshot.Booked == 4 && snapshot.Available + snapshot.Held + snapshot.Booked == snapshot.Total ? 0 : 1;

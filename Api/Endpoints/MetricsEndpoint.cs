using Prometheus;
using TicketBoss.Api.Http;
using TicketBoss.Grains;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Api.Endpoints;

/// <summary>
/// GET /metrics: the ticketing totals from the committed tables, then every <c>System.Diagnostics.Metrics</c>
/// instrument of this process (HTTP requests, Orleans's meter <c>Microsoft.Orleans</c>, the ticketing and storage meters
/// of the gateway's own silo), exported by prometheus-net.
/// </summary>
internal static class MetricsEndpoint
{
    public static async Task<IResult> ReadAsync(bool json, IGrainFactory grains, IServiceProvider services)
    {
        var stats = await grains.GetGrain<IEventDirectoryGrain>("all").GetStatsAsync();
        var membership = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        var totals = Totals(stats, membership.Members.Values.Count(m => m.Status == SiloStatus.Active));
        if (json)
        {
            var figures = totals.Concat(CommitTotals(services.GetRequiredService<CommitMetrics>()));
            return Results.Json(figures.ToDictionary(f => f.Name, f => f.Value), JsonFamilies.BoxOffice);
        }
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        foreach (var (name, help, value) in totals)
        {
            factory.CreateGauge("ticketboss_" + name, help).Set(value);
        }
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        return Results.Bytes(text.ToArray(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static (string Name, string Help, double Value)[] Totals(TicketStats stats, int activeSilos) =>
    [
        ("total_events", "Events created", stats.TotalEvents),
        ("active_holds", "Holds not yet booked, released or expired", stats.ActiveHolds),
        ("expired_holds", "Holds that expired", stats.ExpiredHolds),
        ("released_holds", "Holds released by their buyer", stats.ReleasedHolds),
        ("total_bookings", "Confirmed bookings of every kind", stats.TotalBookings),
        ("cancelled_bookings", "Cancelled bookings", stats.CancelledBookings),
        ("total_seats_booked", "Seats in confirmed bookings", stats.TotalSeatsBooked),
        ("total_seats_held", "Seats in live holds", stats.TotalSeatsHeld),
        ("total_reservations", "Confirmed partner reservations", stats.TotalReservations),
        ("active_silos", "Silos serving in the cluster", activeSilos),
    ];

    // The JSON form keeps its flat shape; the text form has these as instruments of the storage meter.
    private static (string Name, string Help, double Value)[] CommitTotals(CommitMetrics commits) =>
    [
        ("commits", "Commits of event state made by this gateway's own silo", commits.Commits),
        ("failed_commits", "Commits that failed and were rolled back", commits.FailedCommits),
        ("version_checks", "Commits of calls that changed nothing: checks that no other activation committed meanwhile", commits.Checks),
        ("commit_transactions", "PostgreSQL transactions those commits and checks shared", commits.Transactions),
    ];
}

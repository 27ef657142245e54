using System.Globalization;
using System.Text;
using TicketBoss.Api.Http;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Client;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Persistence;

namespace TicketBoss.Api.Endpoints;

/// <summary>
/// GET /metrics: the ticketing totals, then every instrument of <c>System.Diagnostics.Metrics</c> this gateway
/// collects (HTTP requests; in one-process mode also the silo's runtime and ticketing meters). A gateway in
/// cluster mode adds each Active silo's meters, labelled with <c>silo</c>.
/// </summary>
internal static class MetricsEndpoint
{
    private static readonly TimeSpan SiloReadTimeout = TimeSpan.FromSeconds(2);

    public static async Task<IResult> ReadAsync(bool json, IGrainFactory grains, IServiceProvider services)
    {
        var stats = await grains.GetGrain<IEventDirectoryGrain>("all").GetStatsAsync();
        var cluster = services.GetRequiredService<IClusterMembership>();
        var totals = Totals(stats, cluster);
        if (json)
        {
            var figures = totals.Concat(RuntimeTotals(services.GetService<RuntimeMetrics>()));
            return Results.Json(figures.ToDictionary(f => f.Name, f => f.Value), JsonFamilies.BoxOffice);
        }
        var text = new StringBuilder();
        PrometheusText.Write(text, totals.Select(f => new MetricFamily("ticketboss_" + f.Name, MetricKind.Gauge, f.Help,
            [new MetricSeries(new Dictionary<string, string>(), f.Value)])));
        PrometheusText.Write(text, services.GetRequiredService<MetricsCollector>().Snapshot());
        if (services.GetService<ClusterClient>() is { } client)
        {
            PrometheusText.Write(text, MetricsMerge.BySilo(await client.GetSiloMetricsAsync(SiloReadTimeout)));
        }
        return Results.Text(text.ToString(), PrometheusText.ContentType);
    }

    private static (string Name, string Help, double Value)[] Totals(TicketStats stats, IClusterMembership cluster) =>
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
        ("active_silos", "Silos serving in the cluster", cluster.Members.Count(m => m.IsActive)),
        ("cluster_activations", "Grain activations across the Active silos, as of their last heartbeats", cluster.Members.Where(m => m.IsActive).Sum(m => m.Activations)),
    ];

    // The JSON form keeps its flat shape; the text form has these as instruments of the runtime meter.
    private static (string Name, string Help, double Value)[] RuntimeTotals(RuntimeMetrics? runtime) => runtime is null ? [] :
    [
        ("activations", "Grain activations in this gateway's own silo", runtime.Activations),
        ("commits", "Group commits made by this gateway's own silo", runtime.Commits),
        ("committed_writes", "Writes made durable by those commits", runtime.Writes),
        ("failed_commits", "Commits that failed and were rolled back", runtime.FailedCommits),
        ("version_checks", "Commits of turns that only read: checks that no other activation committed meanwhile", runtime.Checks),
    ];
}

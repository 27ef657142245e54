using System.Text;
using Npgsql;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Persistence;

namespace TicketBoss.Api.Endpoints;

/// <summary>Metrics (Prometheus text or JSON) and health probes.</summary>
public static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder routes, bool metricsAlwaysJson)
    {
        routes.MapGet("/metrics", (HttpRequest request, IGrainFactory grains, IServiceProvider services) =>
            MetricsAsync(metricsAlwaysJson || request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase),
                grains, services.GetService<RuntimeMetrics>(), services.GetRequiredService<IClusterMembership>()))
            .RequireRole(ApiRole.Admin).Doc("Counters: Prometheus text, or JSON with Accept: application/json", 401, 403);
        routes.MapGet("/health", ReadyAsync).Doc("Ready when the silo (or a cluster silo) and PostgreSQL answer", 503);
        routes.MapGet("/health/ready", ReadyAsync).Doc("Same as /health", 503);
        routes.MapGet("/health/live", () => Results.Json(new { status = "live" })).Doc("The process is up");
    }

    private static async Task<IResult> MetricsAsync(bool json, IGrainFactory grains, RuntimeMetrics? runtime, IClusterMembership cluster)
    {
        var stats = await grains.GetGrain<IEventDirectoryGrain>("all").GetStatsAsync();
        var figures = new (string Name, string Help, double Value)[]
        {
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
        };
        if (runtime is not null)
        {
            figures =
            [
                .. figures,
                ("activations", "Grain activations in this gateway's own silo", runtime.Activations),
                ("commits", "Group commits made by this gateway's own silo", runtime.Commits),
                ("committed_writes", "Writes made durable by those commits", runtime.Writes),
                ("failed_commits", "Commits that failed and were rolled back", runtime.FailedCommits),
            ];
        }
        if (json)
        {
            return Results.Json(figures.ToDictionary(f => f.Name, f => f.Value), JsonFamilies.BoxOffice);
        }
        var text = new StringBuilder();
        foreach (var (name, help, value) in figures)
        {
            text.Append("# HELP ticketboss_").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ticketboss_").Append(name).Append(" gauge\n");
            text.Append("ticketboss_").Append(name).Append(' ').Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static Task<IResult> ReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<ISiloStatus>() is { } silo)
        {
            return SiloReadyAsync(silo, services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
        }
        var active = services.GetRequiredService<IClusterMembership>().Members.Count(m => m.IsActive);
        return Task.FromResult(active > 0
            ? Results.Json(new { status = "ready", active_silos = active })
            : Problems.Problem(503, "no_silo", "no silo of the cluster is active."));
    }

    private static async Task<IResult> SiloReadyAsync(ISiloStatus silo, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        if (!silo.IsRunning)
        {
            return Problems.Problem(503, "silo_not_running", "the silo is not serving.");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Problems.Problem(503, "database_unavailable", "PostgreSQL does not answer.");
        }
        return Results.Json(new { status = "ready", activations = silo.ActivationCount });
    }
}

using Npgsql;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Metrics (Prometheus text or JSON) and health probes.</summary>
public static class OperationsEndpoints
{
    public static void MapOperationsEndpoints(this IEndpointRouteBuilder routes, bool metricsAlwaysJson)
    {
        routes.MapGet("/metrics", (HttpRequest request, IGrainFactory grains, IServiceProvider services) =>
            MetricsEndpoint.ReadAsync(metricsAlwaysJson || request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase),
                grains, services))
            .RequireRole(ApiRole.Admin).Doc("Counters: Prometheus text, or JSON with Accept: application/json", 401, 403)
            .Produces<Dictionary<string, double>>(StatusCodes.Status200OK, "text/plain", "application/json");
        routes.MapGet("/health", ReadyAsync).Doc("Ready when the silo (or a cluster silo) and PostgreSQL answer", 503).Returns<Readiness>();
        routes.MapGet("/health/ready", ReadyAsync).Doc("Same as /health", 503).Returns<Readiness>();
        routes.MapGet("/health/live", () => Results.Json(new Liveness("live"))).Doc("The process is up").Returns<Liveness>().AnswersWithoutGrains();
    }

    private static async Task<IResult> ReadyAsync(ISiloStatusOracle silo, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        if (silo.CurrentStatus != SiloStatus.Active)
        {
            return Problems.Problem(503, "silo_not_active", $"the silo is {silo.CurrentStatus}, not serving.");
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
        var active = silo.GetApproximateSiloStatuses(onlyActive: true).Count;
        return Results.Json(new Readiness("ready", active));
    }

    /// <summary>200 of /health and /health/ready.</summary>
    public sealed record Readiness(string Status, int ActiveSilos);

    /// <summary>200 of /health/live.</summary>
    public sealed record Liveness(string Status);
}

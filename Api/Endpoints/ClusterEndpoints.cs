using TicketBoss.Api.Http;
using TicketBoss.Api.Security;

namespace TicketBoss.Api.Endpoints;

/// <summary>The cluster as Orleans's management grain sees it: every silo in the membership table, its activations and events.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/cluster", async (IGrainFactory grains, ILocalSiloDetails self) =>
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetDetailedHosts(onlyActive: false);
            var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
            var statistics = await management.GetRuntimeStatistics(active);
            var activations = active.Zip(statistics).ToDictionary(s => s.First, s => s.Second.ActivationCount);
            var events = (await management.GetSimpleGrainStatistics(active))
                .Where(g => g.GrainType.Contains(".EventGrain", StringComparison.Ordinal))
                .GroupBy(g => g.SiloAddress)
                .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
            return Results.Json(
                new
                {
                    silos = hosts.OrderBy(h => h.StartTime).Select(h => new
                    {
                        name = h.SiloName,
                        address = h.SiloAddress.Endpoint.ToString(),
                        generation = h.SiloAddress.Generation,
                        gateway_port = h.ProxyPort,
                        status = h.Status.ToString(),
                        this_gateway = h.SiloAddress.Equals(self.SiloAddress),
                        activations = activations.GetValueOrDefault(h.SiloAddress),
                        events = events.GetValueOrDefault(h.SiloAddress),
                        started_at = h.StartTime,
                        last_alive = h.IAmAliveTime,
                    }),
                },
                JsonFamilies.BoxOffice);
        })
        .RequireRole(ApiRole.Admin).Doc("The silos of the cluster (this gateway is one of them), their state and activations", 401, 403)
        .Produces(StatusCodes.Status200OK, contentType: "application/json");
}

using TicketBoss.Api.Http;
using TicketBoss.Api.Security;

namespace TicketBoss.Api.Endpoints;

/// <summary>The cluster as Orleans's management grain sees it: every silo in the membership table.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/cluster", async (IGrainFactory grains) =>
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            return Results.Json(
                new
                {
                    silos = hosts.OrderBy(h => h.StartTime).Select(h => new
                    {
                        name = h.SiloName,
                        address = h.SiloAddress,
                        gateway_port = h.ProxyPort,
                        status = h.Status.ToString(),
                        started_at = h.StartTime,
                        last_alive = h.IAmAliveTime,
                    }),
                },
                JsonFamilies.BoxOffice);
        })
        .RequireRole(ApiRole.Admin).Doc("The silos of the cluster and their state", 401, 403);
}

using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Runtime.Cluster;

namespace TicketBoss.Api.Endpoints;

/// <summary>The cluster as the gateway sees it: every silo in the membership table.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/cluster", (IClusterMembership cluster) => Results.Json(
            new
            {
                silos = cluster.Members.Select(s => new
                {
                    id = s.Id,
                    address = s.Address,
                    status = s.Status,
                    pid = s.Pid,
                    activations = s.Activations,
                    started_at = s.StartedAt,
                    last_heartbeat = s.LastHeartbeat,
                }),
            },
            JsonFamilies.BoxOffice))
        .RequireRole(ApiRole.Admin).Doc("The silos of the cluster and their state", 401, 403);
}

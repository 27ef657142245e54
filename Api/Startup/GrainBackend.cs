using TicketBoss.Grains;
using TicketBoss.Runtime.Client;
using TicketBoss.Runtime.Hosting;

namespace TicketBoss.Api.Startup;

/// <summary>Chooses where the gateway's grains live: in its own silo, or in a cluster it joins as a client.</summary>
public static class GrainBackend
{
    /// <summary>
    /// With <c>Cluster:Seeds</c> (a list, or one comma-separated string of silo <c>host:port</c>) the gateway is a
    /// cluster client and needs no database; otherwise it hosts a silo on <c>ConnectionStrings:Postgres</c>.
    /// </summary>
    public static void AddGrainBackend(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("Cluster");
        var seeds = SeedsOf(cluster.GetSection("Seeds"));
        if (seeds.Count > 0)
        {
            builder.Services.AddClusterClient(client =>
            {
                cluster.Bind(client);
                client.Seeds = seeds;
            });
            return;
        }
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException(
                "Set ConnectionStrings:Postgres (env ConnectionStrings__Postgres) to host a silo, or Cluster:Seeds to join a cluster.");
        builder.Services.AddSilo(connectionString, silo => builder.Configuration.GetSection("Silo").Bind(silo))
            .AddTicketing(builder.Configuration.GetSection("Ticketing"));
    }

    private static List<string> SeedsOf(IConfigurationSection section) =>
        section.Value is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [.. section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0)];
}

using TicketBoss.Grains;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Silo;

// A silo of a TicketBoss cluster: hosts event grains, persists them to PostgreSQL, and serves grain calls from
// gateways, cluster clients and other silos on its internal HTTP/2 endpoint (Silo:SiloPort).
// `TicketBoss.Silo probe` checks instead that the silo configured here answers (container health checks).
// appsettings.json sits next to the assembly, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args.Where(a => a != "probe").ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});
if (args.Contains("probe"))
{
    return await SiloProbe.RunAsync(builder.Configuration);
}
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (env ConnectionStrings__Postgres).");
builder.Services.AddSilo(connectionString, silo => builder.Configuration.GetSection("Silo").Bind(silo))
    .AddTicketing(builder.Configuration.GetSection("Ticketing"));
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
await builder.Build().RunAsync();
return 0;

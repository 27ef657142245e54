using TicketBoss.Grains;
using TicketBoss.Runtime.Hosting;

// A silo without the HTTP gateway: hosts grains and persists them to PostgreSQL.
// The cluster transport that lets gateways and other silos call it comes with multi-silo support.
var builder = Host.CreateApplicationBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (env ConnectionStrings__Postgres).");
builder.Services.AddSilo(connectionString, silo => builder.Configuration.GetSection("Silo").Bind(silo))
    .AddTicketing(builder.Configuration.GetSection("Ticketing"));
await builder.Build().RunAsync();

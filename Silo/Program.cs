using TicketBoss.Grains;

// A silo of a TicketBoss cluster: hosts event grains and persists them to PostgreSQL (configuration: README).
// appsettings.json sits next to the assembly, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.AddTicketing(builder.Configuration));
// On SIGTERM the silo leaves the cluster and hands its activations over before it exits.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
await builder.Build().RunAsync();

using TicketBoss.Api;

await GatewayApp.Create(args).RunAsync();

using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TicketBoss.Api.Endpoints;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Api.Startup;

namespace TicketBoss.Api;

/// <summary>
/// Builds the HTTP gateway: with its own in-process silo (the one-process default), or, when <c>Cluster:Seeds</c>
/// is set, as a client of a cluster of silo processes that sends each call straight to the owning silo.
/// </summary>
public static partial class GatewayApp
{
    /// <summary>Largest request body accepted (413 beyond). A seat map of a few thousand labelled seats fits.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        if (Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port && builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }
        builder.Services.AddProblemDetails();
        builder.AddGrainBackend();
        builder.Services.Configure<ApiKeyOptions>(builder.Configuration.GetSection("Auth"));
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddCallerRateLimiter(builder.Configuration.GetSection("RateLimit"));
        builder.Services.Configure<DefaultEventsOptions>(builder.Configuration.GetSection("DefaultEvents"));
        builder.Services.AddHostedService<DefaultEventsSeeder>();

        var app = builder.Build();
        LogAccessMode(app);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<GrainFailureMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<ApiKeyMiddleware>();
        if (app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is not null)
        {
            app.UseRateLimiter();
        }
        app.UseMiddleware<IdempotencyMiddleware>();
        foreach (var prefix in new[] { "", "/api/v1" })
        {
            var routes = app.MapGroup(prefix);
            routes.MapEventEndpoints();
            routes.MapStreamEndpoints();
            routes.MapHoldEndpoints();
            routes.MapBookingEndpoints();
            routes.MapPartnerEndpoints();
            routes.MapSingleSeatEndpoints();
            routes.MapOperationsEndpoints(metricsAlwaysJson: prefix.Length > 0);
            routes.MapClusterEndpoints();
        }
        return app;
    }

    private static void LogAccessMode(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeyRing>();
        if (keys.Enabled)
        {
            LogKeys(app.Logger, keys.AdminCount, keys.PartnerCount);
        }
        else
        {
            LogOpen(app.Logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys are configured (Auth:AdminKeys, Auth:PartnerKeys): the API is open to every caller")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys: {AdminKeys} admin, {PartnerKeys} partner; admin routes need an admin key")]
    private static partial void LogKeys(ILogger logger, int adminKeys, int partnerKeys);
}

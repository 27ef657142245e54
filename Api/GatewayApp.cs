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
        // appsettings.json sits next to the assembly; the working directory may be anywhere (run.sh starts it from the repository).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
            // Loopback unless HOST says otherwise: nothing beyond this machine reaches the API by accident.
            var host = Environment.GetEnvironmentVariable("HOST") is { Length: > 0 } given ? given : "127.0.0.1";
            builder.WebHost.UseUrls($"http://{host}:{port}");
        }
        builder.Services.AddProblemDetails();
        // The OpenAPI schemas use these names: the Box Office family's snake_case (partner records name their members).
        // and the binding rules (strict numbers, no unknown fields), so that the document describes what the routes accept.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
            JsonFamilies.ApplyRules(json.SerializerOptions);
        });
        builder.Services.AddOpenApi("v1", OpenApiContract.Configure);
        builder.AddGrainBackend();
        builder.Services.AddMetrics();
        builder.Services.Configure<ApiKeyOptions>(builder.Configuration.GetSection("Auth"));
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddCallerRateLimiter(builder.Configuration.GetSection("RateLimit"));
        builder.Services.Configure<DefaultEventsOptions>(builder.Configuration.GetSection("DefaultEvents"));
        builder.Services.AddHostedService<DefaultEventsSeeder>();

        ListenGuard.Check(builder.Configuration["urls"], builder.Configuration.GetSection("Auth").Get<ApiKeyOptions>() ?? new ApiKeyOptions());
        var app = builder.Build();
        LogAccessMode(app);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<GrainFailureMiddleware>();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<DotSegmentGuard>();
        app.UseBoxOfficePage();
        app.UseMiddleware<ApiKeyMiddleware>();
        if (app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is not null)
        {
            app.UseRateLimiter();
        }
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json").ServeHeadWithGet();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "TicketBoss v1");
            ui.DocumentTitle = "TicketBoss API";
        });
        foreach (var prefix in new[] { "", "/api/v1" })
        {
            var routes = app.MapGroup(prefix);
            routes.ServeHeadWithGet();
            routes.DocumentCommonAnswers();
            if (prefix.Length > 0)
            {
                // The same routes again; the document describes them once.
                routes.ExcludeFromDescription();
            }
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

using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The silo's internal endpoint: HTTP/2 cleartext on its own port (its own small Kestrel, apart from any public
/// HTTP the host serves). Every request must carry the cluster key.
/// </summary>
internal sealed class SiloTransportServer(
    IOptions<SiloOptions> options,
    GrainTypeRegistry registry,
    ClusterMembership membership,
    ClusterCallSender sender,
    ActivationCatalog catalog,
    MetricsCollector metrics,
    ILoggerFactory loggerFactory)
{
    private readonly ClusterKey _clusterKey = new(options.Value.ClusterKey);
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloTransportServer>();
    private readonly InboundCalls _inbound = new(
        registry, sender.SingleAttempt, options.Value.CallTimeout, loggerFactory.CreateLogger<SiloTransportServer>());
    private CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    /// <summary>Asked to reread the membership table at once (set by the membership service).</summary>
    public Func<Task>? OnRefreshRequested { get; set; }

    /// <summary>Starts listening and returns the address other silos and clients reach this silo at (host:port).</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _stopping = new CancellationTokenSource();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SiloTransportServer).Assembly.GetName().Name,
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // This server is configured in code only: no appsettings, ASPNETCORE_* or --urls of the host may leak in.
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        // The inner server logs through the host's loggers, minus its start-up chatter: "Now listening on" the
        // internal port would read like the public one.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The host process owns signals and shutdown; this inner server is started and stopped by the silo.
        builder.Services.AddSingleton<IHostLifetime, InnerServerLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 4096;
            kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!_clusterKey.Matches(context.Request.Headers[Wire.ClusterKeyHeader]))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapPost(Wire.CallPath, HandleCallAsync);
        app.MapPost(Wire.CallStreamPath, new CallStreamEndpoint(_inbound, _stopping.Token, _logger).HandleAsync);
        app.MapGet(Wire.MembersPath, () => Results.Json(membership.Members, Wire.Json));
        app.MapGet(Wire.MetricsPath, () => Results.Json(metrics.Snapshot(), Wire.Json));
        app.MapPost(Wire.InvalidatePath, HandleInvalidate);
        app.MapPost(Wire.RefreshPath, async () =>
        {
            if (OnRefreshRequested is { } refresh)
            {
                await refresh();
            }
            return Results.NoContent();
        });
        await app.StartAsync(cancellationToken);
        _app = app;
        var port = new Uri(app.Urls.First()).Port;
        return $"{settings.AdvertisedHost ?? settings.ListenAddress}:{port}";
    }

    /// <summary>Stops listening; with <paramref name="abort"/> open connections are cut as a crash would.</summary>
    public async Task StopAsync(bool abort)
    {
        if (_app is null)
        {
            return;
        }
        // Call streams stop reading first and finish what they started, so a graceful stop leaves no call in doubt.
        await _stopping.CancelAsync();
        using var deadline = new CancellationTokenSource(abort ? TimeSpan.Zero : TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
        _app = null;
    }

    // One call per request: what the call streams carry, in a form curl and tests can send by hand.
    private async Task HandleCallAsync(HttpContext context)
    {
        var request = context.Request;
        if (!long.TryParse(request.Headers[Wire.TimeoutHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var timeoutMs)
            || !int.TryParse(request.Headers[Wire.HopsHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var hops))
        {
            await WriteAnswerAsync(context, CallAnswer.Bad("ArgumentException", "Unknown grain method or malformed call headers."));
            return;
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var answer = await _inbound.RunAsync(
            request.Headers[Wire.GrainTypeHeader].ToString(),
            Wire.UnescapeKey(request.Headers[Wire.GrainKeyHeader].ToString()),
            request.Headers[Wire.MethodHeader].ToString(),
            timeoutMs,
            hops,
            request.Headers[Wire.CorrelationHeader] is { Count: > 0 } correlation ? correlation.ToString() : null,
            body.GetBuffer().AsSpan(0, (int)body.Length));
        await WriteAnswerAsync(context, answer);
    }

    private static Task WriteAnswerAsync(HttpContext context, CallAnswer answer)
    {
        context.Response.StatusCode = CallOutcomes.StatusCode(answer.Outcome);
        if (answer.Outcome == CallOutcome.Ok)
        {
            context.Response.ContentType = "application/json";
        }
        else
        {
            context.Response.Headers[Wire.ErrorTypeHeader] = answer.ErrorType;
            context.Response.ContentType = "text/plain; charset=utf-8";
        }
        return context.Response.Body.WriteAsync(answer.Payload).AsTask();
    }

    private IResult HandleInvalidate(HttpRequest request)
    {
        var grainId = new GrainId(request.Headers[Wire.GrainTypeHeader].ToString(), Wire.UnescapeKey(request.Headers[Wire.GrainKeyHeader].ToString()));
        if (!long.TryParse(request.Headers[Wire.VersionHeader], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
        {
            return Results.BadRequest();
        }
        // An activation loaded before the previous owner's last commit holds stale state: drop it, the next call reloads.
        if (catalog.Find(grainId) is { } activation && activation.CommittedVersion < version)
        {
            activation.TryEnqueue(new DeactivationRequest(onlyIfIdle: false));
        }
        return Results.NoContent();
    }

    private sealed class InnerServerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory outer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => outer.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

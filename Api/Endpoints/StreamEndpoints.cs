using System.Text.Json;
using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>
/// <c>GET /events/{id}/stream</c>: server-sent events, one <c>snapshot</c> event per committed change, in version
/// order, from the event's grain. <c>Last-Event-ID</c> (the version) resumes where a client left off.
/// </summary>
public static partial class StreamEndpoints
{
    private const int WaitMilliseconds = 15_000;

    public static void MapStreamEndpoints(this IEndpointRouteBuilder routes) => routes.MapGet("/events/{id}/stream", StreamAsync)
        .Doc("Server-sent events: the snapshot on every committed change (Last-Event-ID resumes)", 404)
        .Produces<EventStatusResponse>(StatusCodes.Status200OK, "text/event-stream");

    private static async Task StreamAsync(
        string id, HttpContext context, IGrainFactory grains, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(StreamEndpoints));
        if (!EntityIds.IsValidEventId(id))
        {
            await EventEndpoints.EventNotFound(id).ExecuteAsync(context);
            return;
        }
        var grain = grains.GetGrain<IEventGrain>(id);
        var after = long.TryParse(context.Request.Headers["Last-Event-ID"], System.Globalization.NumberStyles.None, null, out var resumed) ? resumed : -1;
        var first = await grain.WatchAsync(after, 0);
        if (!first.IsSuccess)
        {
            await Problems.For(first.Error!).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            // HEAD gets the stream's headers; the stream itself never ends, so there is nothing to leave out after them.
            return;
        }
        // Ends when the client leaves or the gateway stops, so open streams never hold up a shutdown.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var stopping = ending.Token;
        var batch = first.Value!;
        while (!stopping.IsCancellationRequested)
        {
            after = await WriteAsync(context.Response, batch, after, stopping);
            batch = await NextAsync(grain, after, logger, stopping);
        }
    }

    private static async Task<IReadOnlyList<EventSnapshot>> NextAsync(IEventGrain grain, long after, ILogger logger, CancellationToken stopping)
    {
        try
        {
            var next = await grain.WatchAsync(after, WaitMilliseconds).WaitAsync(stopping);
            return next.Value ?? [];
        }
        catch (Exception e) when (GrainFailures.IsGrainFailure(e))
        {
            // The grain is moving or its silo is gone: the stream stays open and asks again.
            LogWatchFailed(logger, e.Message);
            await Task.Delay(500, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return [];
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    private static async Task<long> WriteAsync(HttpResponse response, IReadOnlyList<EventSnapshot> snapshots, long after, CancellationToken stopping)
    {
        try
        {
            if (snapshots.Count == 0)
            {
                await response.WriteAsync(": keep-alive\n\n", stopping);
            }
            foreach (var snapshot in snapshots.Where(s => s.Version > after))
            {
                var data = JsonSerializer.Serialize(EventStatusResponse.From(snapshot), JsonFamilies.BoxOffice);
                await response.WriteAsync($"id: {snapshot.Version}\nevent: snapshot\ndata: {data}\n\n", stopping);
                after = snapshot.Version;
            }
            await response.Body.FlushAsync(stopping);
        }
        catch (OperationCanceledException)
        {
        }
        return after;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching an event failed, asking again: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string reason);
}

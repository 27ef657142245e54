using TicketBoss.Runtime;

namespace TicketBoss.Api.Http;

/// <summary>
/// Turns a grain call that did not take effect (activation lost its state, grain moved, commit rolled back,
/// deadline passed) into 503 with Retry-After: the client may retry, and nothing it was told succeeded was lost.
/// A call whose silo or database connection broke mid-way may have taken effect: 503 <c>outcome_unknown</c> says so.
/// </summary>
public sealed partial class GrainFailureMiddleware(RequestDelegate next, ILogger<GrainFailureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when ((e is GrainUnavailableException or TimeoutException) && !context.Response.HasStarted)
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            await Problems.Problem(StatusCodes.Status503ServiceUnavailable, "unavailable",
                "the request did not take effect; retry it.").ExecuteAsync(context);
        }
        catch (CallOutcomeUnknownException e) when (!context.Response.HasStarted)
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            await Problems.Problem(StatusCodes.Status503ServiceUnavailable, "outcome_unknown",
                "the server handling this request was lost mid-way; it may or may not have taken effect. Check before retrying.").ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}

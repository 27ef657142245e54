namespace TicketBoss.Api.Http;

/// <summary>
/// Turns a grain call that did not take effect (commit rolled back, lost fence, PostgreSQL out of reach, call
/// rejected) into 503 with Retry-After: the client may retry, and nothing it was told succeeded was lost. A call that
/// may have taken effect (its silo died, its commit's connection broke, no answer in time) is 503 <c>outcome_unknown</c>.
/// </summary>
public sealed partial class GrainFailureMiddleware(RequestDelegate next, ILogger<GrainFailureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (GrainFailures.IsGrainFailure(e) && !context.Response.HasStarted)
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            var problem = GrainFailures.OutcomeUnknown(e)
                ? Problems.Problem(StatusCodes.Status503ServiceUnavailable, "outcome_unknown",
                    "the server handling this request was lost mid-way; it may or may not have taken effect. Check before retrying.")
                : Problems.Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "the request did not take effect; retry it.");
            await problem.ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}

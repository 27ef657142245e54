
namespace TicketBoss.Api.Http;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-Id</c> when it is sane (1-64 printable
/// ASCII), else a new one. It is returned in the response header, put in the logging scope, and carried into
/// grain calls through <see cref="RequestContext"/>, across silos too.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>The key of the correlation id in Orleans's <see cref="RequestContext"/>.</summary>
    public const string CorrelationKey = "CorrelationId";

    // Ids need to be unique, not secret: a random prefix per process and a counter cost no entropy per request.
    private static readonly string Prefix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private static long _counter;

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        var id = presented.Length is > 0 and <= 64 && presented.All(c => c is >= '!' and <= '~')
            ? presented
            : NewId();
        context.Response.Headers[HeaderName] = id;
        context.TraceIdentifier = id;
        RequestContext.Set(CorrelationKey, id);
        using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
        {
            await next(context);
        }
    }

    private static string NewId() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Prefix}{Interlocked.Increment(ref _counter):x8}");
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TicketBoss.Api.Http;

namespace TicketBoss.Api.Security;

/// <summary>ASP.NET Core's rate limiter, partitioned by caller: 429 with Retry-After when a caller's bucket is empty.</summary>
public static class RateLimiting
{
    public static void AddCallerRateLimiter(this IServiceCollection services, IConfiguration section)
    {
        var options = section.Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.PermitsPerSecond <= 0)
        {
            return;
        }
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.Burst),
                    TokensPerPeriod = Math.Max(1, options.PermitsPerSecond / 10),
                    ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ValueTask(CallerRequirements.Refusal(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"too many requests from this caller; retry after {retryAfter} s.").ExecuteAsync(rejected.HttpContext));
            };
        });
    }

    /// <summary>The key's holder when there is one, else the client's address.</summary>
    private static string PartitionOf(HttpContext context) => ApiCaller.Of(context) is { Role: not ApiRole.Anonymous } caller
        ? caller.Scope
        : $"address:{context.Connection.RemoteIpAddress}";
}

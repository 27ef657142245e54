using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace TicketBoss.Api.Http;

/// <summary>
/// Refuses a path with <c>.</c> or <c>..</c> segments, written plainly or percent-encoded, with 400. Kestrel would
/// resolve <c>/holds/%2e%2e</c> to <c>/</c> and serve the web page; an id that looks like a path trick is bad input.
/// </summary>
public sealed partial class DotSegmentGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.Split('?', 2)[0];
        return DotSegment().IsMatch(path)
            ? Problems.Invalid("the path may not contain '.' or '..' segments.").ExecuteAsync(context)
            : next(context);
    }

    [GeneratedRegex(@"(^|/)(\.|%2e){1,2}(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex DotSegment();
}

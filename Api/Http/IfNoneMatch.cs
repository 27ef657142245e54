namespace TicketBoss.Api.Http;

/// <summary>Conditional reads of an event (RFC 9110 §13.1.2): 304 with the ETag when the client already has this version.</summary>
public static class IfNoneMatch
{
    /// <summary>
    /// The answer to a read of an event at <paramref name="version"/> instead of its body: 304 when <c>If-None-Match</c>
    /// is <c>*</c> or lists its tag (weak comparison: <c>W/"7"</c> matches <c>"7"</c>), 400 when the header is malformed,
    /// else null (send the body). The caller has set the ETag already, and the 304 keeps it.
    /// </summary>
    public static IResult? Answer(HttpRequest request, long version)
    {
        if (!EntityTags.TryParse(request.Headers.IfNoneMatch, out var tags))
        {
            return EntityTags.Malformed("If-None-Match");
        }
        var matches = tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || EntityTags.VersionOf(t) == version);
        return matches ? Results.StatusCode(StatusCodes.Status304NotModified) : null;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace TicketBoss.Api.Http;

/// <summary>Reads <c>If-Match</c> against the event ETags this API gives out (<c>"version"</c>), as RFC 9110 §13.1.1 says.</summary>
public static class IfMatch
{
    /// <summary>
    /// The event version a change requires (null: no If-Match, or <c>*</c>), or the answer that refuses it: 400 for a
    /// header that is not an If-Match at all, 412 for one no version can satisfy (weak tags never match under the strong
    /// comparison If-Match uses; tags this API never gave out match nothing). A list is matched by its first strong
    /// version: clients send the one ETag they read. A stale version goes on to the event, which answers 412 itself.
    /// </summary>
    public static bool TryRead(HttpRequest request, out long? version, [NotNullWhen(false)] out IResult? refusal)
    {
        version = null;
        refusal = null;
        if (!EntityTags.TryParse(request.Headers.IfMatch, out var tags))
        {
            refusal = EntityTags.Malformed("If-Match");
            return false;
        }
        if (tags.Count == 0 || tags[0].Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any))
        {
            return true;
        }
        version = tags.Where(t => !t.IsWeak).Select(EntityTags.VersionOf).FirstOrDefault(v => v is not null);
        if (version is null)
        {
            refusal = Problems.Problem(StatusCodes.Status412PreconditionFailed, TicketBoss.Grains.ErrorCodes.VersionMismatch,
                "If-Match names no version of this event (weak tags never match); send the ETag of GET /events/{id} as it came, or *.");
            return false;
        }
        return true;
    }
}

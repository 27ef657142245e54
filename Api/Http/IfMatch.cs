using Microsoft.Net.Http.Headers;

namespace TicketBoss.Api.Http;

/// <summary>Reads <c>If-Match</c> against the event ETags this API gives out (<c>"version"</c>).</summary>
public static class IfMatch
{
    /// <summary>
    /// The event version the request requires: null when there is no If-Match or it is <c>*</c>; -1 (which no
    /// event has) when no listed tag is one of ours, so the change is refused. Weak tags never match (RFC 9110 §13.1.1).
    /// A list is matched by its first strong tag only: clients send the one ETag they read.
    /// </summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }
        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return -1;
        }
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }
        foreach (var tag in tags)
        {
            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), System.Globalization.NumberStyles.None, null, out var version))
            {
                return version;
            }
        }
        return -1;
    }
}

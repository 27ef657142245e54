using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TicketBoss.Api.Http;

/// <summary>The entity tags of events (<c>"version"</c>, strong) and the parsing shared by <c>If-Match</c> and <c>If-None-Match</c>.</summary>
public static class EntityTags
{
    /// <summary>The ETag of an event at <paramref name="version"/>.</summary>
    public static string Of(long version) => $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The tags of a precondition header: empty when the header is absent; false when it is not <c>*</c> or a list of
    /// entity tags (RFC 9110 §8.8.3), which is a malformed request (400), not a failed precondition.
    /// </summary>
    public static bool TryParse(StringValues header, out IList<EntityTagHeaderValue> tags)
    {
        tags = [];
        if (header.Count == 0)
        {
            return true;
        }
        if (!EntityTagHeaderValue.TryParseStrictList(header, out var parsed) || parsed.Count == 0
            || (parsed.Count > 1 && parsed.Any(t => t.Equals(EntityTagHeaderValue.Any))))
        {
            return false;
        }
        tags = parsed;
        return true;
    }

    /// <summary>The event version a tag names, whatever its weakness; null for a tag this API never gave out.</summary>
    public static long? VersionOf(EntityTagHeaderValue tag) =>
        tag.Tag.Length > 2 && long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), System.Globalization.NumberStyles.None, null, out var version)
            ? version
            : null;

    /// <summary>400 for a precondition header that is not one (it says how to write one).</summary>
    public static IResult Malformed(string header) => Problems.Problem(StatusCodes.Status400BadRequest, "invalid_precondition",
        $"{header} must be * or a list of quoted entity tags such as \"7\" (the ETag of GET /events/{{id}}).");
}

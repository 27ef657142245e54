using System.Globalization;
using TicketBoss.Grains;

namespace TicketBoss.Api.Http;

/// <summary>
/// The start time of an event as clients write it: ISO 8601 (<c>2026-06-15T19:00:00Z</c>, an offset, or none) or the
/// seat-booking family's <c>2026-06-15 19:00</c>. A time without an offset is UTC: the gateway cannot know the venue's
/// zone, and the machine's own zone would make the same request mean different instants on different hosts.
/// </summary>
public static class EventTime
{
    /// <summary>The earliest start accepted (the ticketing rule's, <see cref="EventStarts"/>).</summary>
    public static readonly DateTimeOffset Earliest = EventStarts.Earliest;

    /// <summary>How far ahead an event may start (the ticketing rule's, <see cref="EventStarts"/>).</summary>
    public const int MaxYearsAhead = EventStarts.MaxYearsAhead;

    public const string Example = "2026-06-15T19:00:00Z";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK",
    ];

    /// <summary>The instant <paramref name="text"/> names, or why it is not a start time (the message starts after the field name).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value, out string error)
    {
        error = "";
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            error = $"must be a date and time such as {Example} or 2026-06-15 19:00 (UTC unless an offset is given).";
            return false;
        }
        var latest = EventStarts.Latest(DateTimeOffset.UtcNow);
        if (value < Earliest || value > latest)
        {
            error = $"must be between {Earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd} ({MaxYearsAhead} years from now).";
            return false;
        }
        return true;
    }
}

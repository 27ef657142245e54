namespace TicketBoss.Grains;

/// <summary>
/// Ids of holds and bookings carry their event id (<c>hld_x7Kp2mQ9aB3c.evt_Q8d7f6a5Bz</c>), so any of them
/// routes straight to its event's grain without a lookup.
/// </summary>
public static class EntityIds
{
    private const int MaxEventIdLength = 64;

    /// <summary>Event ids: 1 to 64 of A-Z, a-z, 0-9, '-' and '_'.</summary>
    public static bool IsValidEventId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxEventIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The event a hold or booking id belongs to, or null when the id is not one of ours.</summary>
    public static string? EventOf(string? entityId)
    {
        if (string.IsNullOrEmpty(entityId) || entityId.Length > 128)
        {
            return null;
        }
        var dot = entityId.IndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var local = entityId.AsSpan(0, dot);
        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return null;
            }
        }
        var eventId = entityId[(dot + 1)..];
        return IsValidEventId(eventId) ? eventId : null;
    }
}

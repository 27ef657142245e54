namespace TicketBoss.Chaos.Checks;

/// <summary>Once every TTL has run out (plus the detection time), no hold is still live past its expiry, acknowledged or not.</summary>
internal static class ExpiredHoldsCheck
{
    public static CheckResult Run(DatabaseState db)
    {
        var overdue = db.Holds.Values.Where(h => h.Status == "active" && h.ExpiresAt < db.Now)
            .Select(h => $"hold {h.HoldId} ({h.Seats.Length} seats) still active {(db.Now - h.ExpiresAt).TotalSeconds:0.0} s after its expiry at {h.ExpiresAt:HH:mm:ss.fff}")
            .ToList();
        var expired = db.Holds.Values.Count(h => h.Status == "expired");
        return CheckResult.From("no live hold past its TTL", $"{db.Holds.Count} holds in the table, {expired} expired on time", overdue);
    }
}

namespace TicketBoss.Chaos.Checks;

/// <summary>No seat is in two live holds or confirmed bookings of one event, and every taken seat exists.</summary>
internal static class SeatUniquenessCheck
{
    public static CheckResult Run(DatabaseState db)
    {
        var breaches = new List<string>(db.DuplicateSeats);
        var taken = db.Holds.Values.Where(h => h.Status == "active").Select(h => (h.EventId, h.HoldId, h.Seats))
            .Concat(db.Bookings.Values.Where(b => b.Status == "confirmed").Select(b => (b.EventId, HoldId: b.BookingId, b.Seats)));
        var seats = 0;
        foreach (var (eventId, owner, ownerSeats) in taken)
        {
            seats += ownerSeats.Length;
            var capacity = db.Events.TryGetValue(eventId, out var e) ? e.Capacity : 0;
            breaches.AddRange(ownerSeats.Where(s => s < 0 || s >= capacity).Select(s => $"{owner} takes seat #{s} of {eventId}, which has {capacity} seats"));
        }
        return CheckResult.From("no seat booked or held twice", $"{seats} taken seats in {db.Events.Count} events, none twice", breaches);
    }
}

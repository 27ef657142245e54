namespace TicketBoss.Grains.Domain;

internal sealed partial class TicketEvent
{
    /// <summary>
    /// Changes the name, venue, start or capacity. Capacity never drops a held or booked seat: numbered seats are
    /// removed from the top, and only while free. A seat-mapped event's capacity is its map.
    /// </summary>
    public Outcome<EventSnapshot> Update(EventChanges changes, TicketingOptions options, DateTimeOffset now, long? expectedVersion)
    {
        ExpireDue(now);
        if (changes is { Name: null, Venue: null, StartsAt: null, Capacity: null })
        {
            // A body with no field we know (a typo, or another API's field names) must not pass as a successful change.
            return EventRules.Invalid("give at least one of name, venue, starts_at or total_seats to change.");
        }
        if (VersionMismatch(expectedVersion) is { } mismatch)
        {
            return mismatch;
        }
        var capacity = changes.Capacity ?? Capacity;
        var details = new EventDefinition(changes.Name ?? Details.Name, capacity, changes.Venue ?? Details.Venue, changes.StartsAt ?? Details.StartsAt);
        if (EventRules.Validate(details, options, now) is { } invalid)
        {
            return invalid;
        }
        if (capacity != Capacity && Layout.Labels is not null)
        {
            return EventRules.Invalid($"the capacity of a seat-mapped event is its map ({Capacity} seats); leave total_seats out.");
        }
        // The highest taken seat sets the floor: every seat up to it stays, so the search runs from the top down.
        for (var seat = Capacity - 1; seat >= capacity; seat--)
        {
            if (_seats[seat] != SeatStatus.Available)
            {
                return new TicketError(ErrorCodes.CapacityBelowTaken,
                    $"seat {Layout.LabelOf(seat)} is {StatusName(_seats[seat])}, so total_seats can go down to {seat + 1} at the least, not {capacity}.");
            }
        }
        if (details.Name == Details.Name && details.Venue == Details.Venue && details.StartsAt == Details.StartsAt && capacity == Capacity)
        {
            return Snapshot();
        }
        if (capacity != Capacity)
        {
            Available += capacity - Capacity;
            Array.Resize(ref _seats, capacity);
            Layout = SeatLayout.Numbered(capacity);
            _searchFrom = Math.Min(_searchFrom, capacity);
        }
        Details = Details with { Name = details.Name, Venue = details.Venue, StartsAt = details.StartsAt, Capacity = capacity };
        Version++;
        return Snapshot();
    }
}

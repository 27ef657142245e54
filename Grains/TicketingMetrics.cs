using System.Diagnostics.Metrics;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Grains;

/// <summary>
/// The meter <c>TicketBoss.Ticketing</c>: holds placed and how they ended, bookings and cancellations by kind,
/// and how late expiries ran. Recorded by the event grains after each change is committed.
/// </summary>
internal sealed class TicketingMetrics
{
    public const string MeterName = "TicketBoss.Ticketing";

    private readonly Counter<long> _holdsPlaced;
    private readonly Counter<long> _seatsHeld;
    private readonly Counter<long> _holdsEnded;
    private readonly Counter<long> _bookings;
    private readonly Counter<long> _seatsBooked;
    private readonly Counter<long> _cancellations;
    private readonly Histogram<double> _expiryLateness;

    public TicketingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _holdsPlaced = meter.CreateCounter<long>("holds.placed", description: "Holds placed");
        _seatsHeld = meter.CreateCounter<long>("holds.seats", description: "Seats taken by holds when placed");
        _holdsEnded = meter.CreateCounter<long>("holds.ended", description: "Holds that ended, by outcome: booked, released or expired");
        _bookings = meter.CreateCounter<long>("bookings.confirmed", description: "Bookings confirmed, by kind: hold, direct, reservation or seat");
        _seatsBooked = meter.CreateCounter<long>("bookings.seats", description: "Seats in bookings confirmed");
        _cancellations = meter.CreateCounter<long>("bookings.cancelled", description: "Bookings cancelled, by kind");
        _expiryLateness = meter.CreateHistogram<double>("holds.expiry_lateness", unit: "ms",
            description: "Time from a hold's expires_at to the commit that returned its seats");
    }

    /// <summary>Records a committed change; <paramref name="commitTime"/> (applied to durable) adds to each expiry's lateness.</summary>
    public void Record(in TicketTally tally, TimeSpan commitTime)
    {
        if (tally.IsEmpty)
        {
            return;
        }
        Add(_holdsPlaced, tally.HoldsPlaced);
        Add(_seatsHeld, tally.SeatsHeld);
        Add(_holdsEnded, tally.HoldsBooked, "outcome", "booked");
        Add(_holdsEnded, tally.HoldsReleased, "outcome", "released");
        Add(_holdsEnded, tally.HoldsExpired, "outcome", "expired");
        Add(_seatsBooked, tally.SeatsBooked);
        AddByKind(_bookings, tally.Booked);
        AddByKind(_cancellations, tally.Cancelled);
        foreach (var lateness in tally.ExpiryLateness ?? [])
        {
            _expiryLateness.Record((lateness + commitTime).TotalMilliseconds);
        }
    }

    private static void AddByKind(Counter<long> counter, KindCounts counts)
    {
        Add(counter, counts.Hold, "kind", "hold");
        Add(counter, counts.Direct, "kind", "direct");
        Add(counter, counts.Reservation, "kind", "reservation");
        Add(counter, counts.Seat, "kind", "seat");
    }

    private static void Add(Counter<long> counter, int value, string? tag = null, string? tagValue = null)
    {
        if (value == 0)
        {
            return;
        }
        if (tag is null)
        {
            counter.Add(value);
        }
        else
        {
            counter.Add(value, new KeyValuePair<string, object?>(tag, tagValue));
        }
    }
}

namespace TicketBoss.Grains.Domain;

/// <summary>What happened to holds and bookings since the tally was last taken: the input of the ticketing counters.</summary>
internal struct TicketTally
{
    public int HoldsPlaced;
    public int SeatsHeld;
    public int HoldsBooked;
    public int HoldsReleased;
    public int HoldsExpired;
    public int SeatsBooked;
    public KindCounts Booked;
    public KindCounts Cancelled;

    /// <summary>How long after its <c>expires_at</c> each expired hold was expired; null when none expired.</summary>
    public List<TimeSpan>? ExpiryLateness;

    public readonly bool IsEmpty =>
        HoldsPlaced == 0 && HoldsBooked == 0 && HoldsReleased == 0 && HoldsExpired == 0 && Booked.Total == 0 && Cancelled.Total == 0;
}

/// <summary>Bookings counted by <see cref="BookingKind"/>.</summary>
internal struct KindCounts
{
    public int Hold;
    public int Direct;
    public int Reservation;
    public int Seat;

    public readonly int Total => Hold + Direct + Reservation + Seat;

    public void Add(BookingKind kind)
    {
        switch (kind)
        {
            case BookingKind.Hold: Hold++; break;
            case BookingKind.Direct: Direct++; break;
            case BookingKind.Reservation: Reservation++; break;
            default: Seat++; break;
        }
    }
}

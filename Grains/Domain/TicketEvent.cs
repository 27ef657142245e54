namespace TicketBoss.Grains.Domain;

/// <summary>
/// An event and its seats, holds and bookings: every ticketing rule lives here, free of storage and
/// threads, so it can be tested on its own. Invariants: <c>Available + Held + Booked = Capacity</c>; a seat is
/// in at most one live hold or booking; <see cref="Version"/> goes up by one on each successful change and
/// never on a failure. Every operation first expires the holds that are due.
/// </summary>
internal sealed partial class TicketEvent
{
    private SeatStatus[] _seats;
    private readonly HoldTable _holds;
    private readonly Dictionary<string, Booking> _bookings = new(StringComparer.Ordinal);
    private readonly ExpiryQueue _expiries = new();
    private readonly HashSet<int> _newHolds = [];
    private readonly HashSet<int> _changedHolds = [];
    private readonly HashSet<Booking> _newBookings = [];
    private readonly HashSet<Booking> _changedBookings = [];
    // Bookings cancelled and still in memory, in the order they ended: the candidates to forget.
    private readonly Queue<Booking> _cancelled = new();
    private int _searchFrom;
    private TicketTally _tally;
    private long _committedVersion;
    private int _endedHolds;
    private DateTimeOffset _lastForget;

    private TicketEvent(string id, EventDefinition details, SeatLayout layout, DateTimeOffset createdAt, long version)
    {
        Id = id;
        Details = details;
        Layout = layout;
        CreatedAt = createdAt;
        Version = version;
        _committedVersion = version;
        _seats = new SeatStatus[layout.Capacity];
        _holds = new HoldTable(id);
        Available = layout.Capacity;
    }

    public string Id { get; }
    public EventDefinition Details { get; private set; }
    public SeatLayout Layout { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public long Version { get; private set; }

    public int Available { get; private set; }
    public int Held { get; private set; }
    public int Booked { get; private set; }
    public int ReservationCount { get; private set; }

    /// <summary>True until the event's row has been captured for its first write.</summary>
    public bool IsNew { get; private set; }

    public int Capacity => Layout.Capacity;

    /// <summary>The refusal of a request made for another version of the event (a stale If-Match), or null.</summary>
    private TicketError? VersionMismatch(long? expected) =>
        expected is { } version && version != Version
            ? new TicketError(ErrorCodes.VersionMismatch, $"the event is at version {Version}, not {version}; read it again and retry.")
            : null;

    /// <summary>When the earliest active hold expires, or null when none is active.</summary>
    public DateTimeOffset? NextExpiry
    {
        get
        {
            while (_expiries.TryPeek(out var hold, out var at))
            {
                if (_holds.IsActive(hold))
                {
                    return at;
                }
                _expiries.Dequeue();
            }
            return null;
        }
    }

    public static Outcome<TicketEvent> Create(string id, EventDefinition definition, TicketingOptions options, DateTimeOffset now)
    {
        if (EventRules.Validate(definition, options, now) is { } error)
        {
            return error;
        }
        var layout = definition.SeatMap is { } map
            ? SeatLayout.FromMap(map)
            : SeatLayout.Numbered(definition.Capacity!.Value);
        return new TicketEvent(id, definition with { Capacity = layout.Capacity }, layout, now, version: 0) { IsNew = true };
    }

    /// <summary>
    /// Rebuilds an event from storage, which gives its live holds and confirmed bookings (ended ones given too are
    /// kept as ended, until <see cref="Forget"/>).
    /// </summary>
    public static TicketEvent Restore(
        string id, EventDefinition details, SeatLayout layout, DateTimeOffset createdAt, long version,
        IEnumerable<Hold> holds, IEnumerable<Booking> bookings)
    {
        var ticketEvent = new TicketEvent(id, details, layout, createdAt, version);
        foreach (var hold in holds)
        {
            if (hold.IsActive)
            {
                var slot = ticketEvent._holds.Add(hold.Id, hold.Seats, hold.CreatedAt, hold.ExpiresAt, hold.PaymentToken);
                ticketEvent.Mark(hold.Seats, SeatStatus.Held);
                ticketEvent._expiries.Enqueue(slot, hold.ExpiresAt);
            }
            else
            {
                ticketEvent.Recall(hold, hold.ExpiresAt);
            }
        }
        foreach (var booking in bookings)
        {
            if (booking.IsConfirmed)
            {
                ticketEvent._bookings.Add(booking.Id, booking);
                ticketEvent.Mark(booking.Seats, SeatStatus.Booked);
                ticketEvent.ReservationCount += booking.Kind == BookingKind.Reservation ? 1 : 0;
            }
            else
            {
                ticketEvent.Recall(booking, booking.CancelledAt ?? createdAt);
            }
        }
        return ticketEvent;
    }

    /// <summary>Holds in memory: the live ones, and those that ended too recently to forget.</summary>
    public int HoldsInMemory => _holds.Count;

    /// <summary>Bookings in memory: the confirmed ones, and those cancelled too recently to forget.</summary>
    public int BookingsInMemory => _bookings.Count;

    /// <summary>
    /// True when answering about this hold needs what storage keeps of it: memory has the hold neither, nor the
    /// booking it became.
    /// </summary>
    public bool MustRecallHold(string holdId) =>
        !_holds.TryFind(holdId, out var hold) || (_holds.BookingIdOf(hold) is { } booking && !_bookings.ContainsKey(booking));

    /// <summary>True when answering about this booking needs what storage keeps of it.</summary>
    public bool MustRecallBooking(string bookingId) => !_bookings.ContainsKey(bookingId);

    /// <summary>
    /// Takes back an ended hold that storage answered for (once forgotten, or never loaded), as it is committed, so
    /// the rules answer for it as they did before; forgotten again after the grace period. A live hold is never
    /// taken from storage this way: every live hold is in memory.
    /// </summary>
    public void Recall(Hold hold, DateTimeOffset now)
    {
        if (hold.IsActive || _holds.TryFind(hold.Id, out _))
        {
            return;
        }
        var slot = _holds.Add(hold.Id, hold.Seats, hold.CreatedAt, hold.ExpiresAt, hold.PaymentToken, hold.Status, hold.BookingId);
        _holds.End(slot, hold.Status, now, _committedVersion, hold.BookingId);
        _endedHolds++;
    }

    /// <summary>Takes back a cancelled booking that storage answered for, as <see cref="Recall(Hold, DateTimeOffset)"/> does a hold.</summary>
    public void Recall(Booking booking, DateTimeOffset now)
    {
        if (booking.IsConfirmed || !_bookings.TryAdd(booking.Id, booking))
        {
            return;
        }
        booking.EndedAt = now;
        booking.EndedVersion = _committedVersion;
        _cancelled.Enqueue(booking);
    }

    /// <summary>Storage made the event durable up to <paramref name="version"/>: what ended by then may be forgotten.</summary>
    public void Committed(long version) => _committedVersion = Math.Max(_committedVersion, version);

    /// <summary>
    /// Lets go of the holds and bookings that ended at least <paramref name="grace"/> ago by committed changes, at most
    /// once per grace period (or second): storage answers for them from then on (<see cref="Recall(Hold, DateTimeOffset)"/>).
    /// Live holds, confirmed bookings, the seats and the counts stay, so no rule answers differently.
    /// </summary>
    public void Forget(DateTimeOffset now, TimeSpan grace)
    {
        // Each pass reads the whole hold table; what ended since waits at most this long beyond its grace.
        if (now - _lastForget < (grace < TimeSpan.FromSeconds(1) ? grace : TimeSpan.FromSeconds(1)))
        {
            return;
        }
        _lastForget = now;
        var endedBefore = now - grace;
        while (_cancelled.TryPeek(out var booking) && booking.EndedAt <= endedBefore && booking.EndedVersion <= _committedVersion)
        {
            _cancelled.Dequeue();
            _bookings.Remove(booking.Id);
        }
        if (_endedHolds > 0)
        {
            ForgetHolds(endedBefore);
        }
    }

    private void ForgetHolds(DateTimeOffset endedBefore)
    {
        bool Keep(int slot) => _holds.EndOf(slot) is not { } end || end.At > endedBefore || end.Version > _committedVersion;

        var forgettable = 0;
        for (var slot = 0; slot < _holds.Count; slot++)
        {
            forgettable += Keep(slot) ? 0 : 1;
        }
        if (forgettable == 0)
        {
            return;
        }
        var moved = _holds.Compact(Keep);
        _endedHolds -= forgettable;
        _expiries.Retain(moved, _holds.IsActive);
        Remap(_newHolds, moved);
        Remap(_changedHolds, moved);
    }

    // Holds waiting for their commit are never forgotten (their change is not committed), but their slots move.
    private static void Remap(HashSet<int> slots, int[] moved)
    {
        if (slots.Count == 0)
        {
            return;
        }
        var old = slots.ToArray();
        slots.Clear();
        foreach (var slot in old)
        {
            slots.Add(moved[slot]);
        }
    }

    public EventSnapshot Snapshot() => new(
        Id, Details.Name, Details.Venue, Details.StartsAt, CreatedAt, Capacity, Available, Held, Booked, ReservationCount, Version);

    public SeatsView Seats(DateTimeOffset now)
    {
        ExpireDue(now);
        var seats = new SeatState[Capacity];
        for (var i = 0; i < seats.Length; i++)
        {
            var row = Layout.RowOf(i);
            seats[i] = new SeatState(Layout.LabelOf(i), _seats[i], row?.Section, row?.Name);
        }
        return new SeatsView(Snapshot(), seats);
    }

    /// <summary>Returns the seats of every active hold whose time has come.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var expired = 0;
        while (_expiries.TryPeek(out var hold, out var at) && at <= now)
        {
            _expiries.Dequeue();
            if (_holds.IsActive(hold))
            {
                EndHold(hold, HoldStatus.Expired, now);
                Version++;
                expired++;
                (_tally.ExpiryLateness ??= []).Add(now - at);
            }
        }
        return expired;
    }

    /// <summary>What happened since the last call, for the ticketing counters once the change is committed.</summary>
    public TicketTally TakeTally()
    {
        var tally = _tally;
        _tally = default;
        return tally;
    }

    /// <summary>Holds and bookings created or changed since the last call, for the next commit.</summary>
    public PendingRows TakeChanges()
    {
        var changes = new PendingRows(Snapshots(_newHolds), Snapshots(_changedHolds), [.. _newBookings], [.. _changedBookings], IsNew);
        _newHolds.Clear();
        _changedHolds.Clear();
        _newBookings.Clear();
        _changedBookings.Clear();
        IsNew = false;
        return changes;
    }

    // A loop, not LINQ: this runs for every commit.
    private Hold[] Snapshots(HashSet<int> slots)
    {
        if (slots.Count == 0)
        {
            return [];
        }
        var holds = new Hold[slots.Count];
        var i = 0;
        foreach (var slot in slots)
        {
            holds[i++] = _holds.Snapshot(slot);
        }
        return holds;
    }

    // Every caller moves the version on by one right after, so the change that ends the hold makes Version + 1.
    private void EndHold(int hold, HoldStatus status, DateTimeOffset now, string? bookingId = null)
    {
        _holds.End(hold, status, now, Version + 1, bookingId);
        _endedHolds++;
        switch (status)
        {
            case HoldStatus.Booked: _tally.HoldsBooked++; break;
            case HoldStatus.Released: _tally.HoldsReleased++; break;
            default: _tally.HoldsExpired++; break;
        }
        if (status != HoldStatus.Booked)
        {
            Mark(_holds.SeatsOf(hold), SeatStatus.Available);
        }
        Changed(hold);
    }

    /// <summary>Moves seats to a new state, keeping the three counts in step.</summary>
    private void Mark(ReadOnlySpan<int> seats, SeatStatus status)
    {
        foreach (var seat in seats)
        {
            Count(_seats[seat], -1);
            _seats[seat] = status;
            Count(status, +1);
            if (status == SeatStatus.Available && seat < _searchFrom)
            {
                _searchFrom = seat;
            }
            if (status == SeatStatus.Available && _longestRuns is not null)
            {
                _longestRuns[Layout.RowIndexOf(seat)] = int.MaxValue;
            }
        }
    }

    private void Count(SeatStatus status, int delta)
    {
        switch (status)
        {
            case SeatStatus.Available: Available += delta; break;
            case SeatStatus.Held: Held += delta; break;
            default: Booked += delta; break;
        }
    }

    // Storage inserts what is new since the last commit and updates what it already has: a plain insert costs
    // PostgreSQL less than an upsert, and a row created and changed before its commit is inserted as it ends up.
    private void Created(int hold) => _newHolds.Add(hold);

    private void Changed(int hold)
    {
        if (!_newHolds.Contains(hold))
        {
            _changedHolds.Add(hold);
        }
    }

    private void Created(Booking booking) => _newBookings.Add(booking);

    private void Changed(Booking booking)
    {
        if (!_newBookings.Contains(booking))
        {
            _changedBookings.Add(booking);
        }
    }
}

namespace TicketBoss.Grains.Domain;

/// <summary>Holds: create, read, release, expire.</summary>
internal sealed partial class TicketEvent
{
    public Outcome<HoldInfo> PlaceHold(HoldRequest request, TicketingOptions options, DateTimeOffset now)
    {
        ExpireDue(now);
        if (VersionMismatch(request.ExpectedVersion) is { } mismatch)
        {
            return mismatch;
        }
        var ttl = request.TtlSeconds ?? options.DefaultHoldTtlSeconds;
        if (ttl < options.MinHoldTtlSeconds || ttl > options.MaxHoldTtlSeconds)
        {
            return EventRules.Invalid($"ttl_seconds must be between {options.MinHoldTtlSeconds} and {options.MaxHoldTtlSeconds}.");
        }
        var seats = ChooseSeats(request, options);
        if (!seats.IsSuccess)
        {
            return seats.Error!;
        }
        var expiresAt = now.AddSeconds(ttl);
        var hold = _holds.Add($"{Secrets.NewId("hld")}.{Id}", seats.Value!, now, expiresAt, Secrets.NewToken());
        _expiries.Enqueue(hold, expiresAt);
        Mark(seats.Value!, SeatStatus.Held);
        Created(hold);
        Version++;
        _tally.HoldsPlaced++;
        _tally.SeatsHeld += seats.Value!.Length;
        return ToInfo(hold, withToken: true);
    }

    /// <summary>A hold in any state: a read of a known hold always succeeds and tells its status.</summary>
    public Outcome<HoldInfo> GetHold(string holdId, DateTimeOffset now)
    {
        ExpireDue(now);
        return _holds.TryFind(holdId, out var hold) ? ToInfo(hold) : HoldNotFound(holdId);
    }

    /// <summary>Gives an active hold's seats back; a hold that already ended is refused, saying how it ended.</summary>
    public Outcome<HoldInfo> ReleaseHold(string holdId, DateTimeOffset now) => EndActiveHold(holdId, HoldStatus.Released, now);

    /// <summary>Expires an active hold now; as for release, a hold that already ended (even by expiry) is refused.</summary>
    public Outcome<HoldInfo> ExpireHold(string holdId, DateTimeOffset now) => EndActiveHold(holdId, HoldStatus.Expired, now);

    private Outcome<HoldInfo> EndActiveHold(string holdId, HoldStatus status, DateTimeOffset now)
    {
        ExpireDue(now);
        if (!_holds.TryFind(holdId, out var hold))
        {
            return HoldNotFound(holdId);
        }
        if (!_holds.IsActive(hold))
        {
            return HoldNotActive(hold);
        }
        EndHold(hold, status, now);
        Version++;
        return ToInfo(hold);
    }

    /// <summary>The seats a hold request gets, or why it gets none.</summary>
    private Outcome<int[]> ChooseSeats(HoldRequest request, TicketingOptions options)
    {
        if (request.Quantity is null == request.Seats is null)
        {
            return EventRules.Invalid(request.Quantity is null
                ? $"give qty (1 to {options.MaxHoldQuantity} seats) or seats (a list of seat labels)."
                : "give qty or seats, not both.");
        }
        if (request.Quantity is { } quantity)
        {
            if (quantity < 1 || quantity > options.MaxHoldQuantity)
            {
                return EventRules.Invalid($"qty must be between 1 and {options.MaxHoldQuantity}.");
            }
            var granted = request.AllowPartial ? Math.Min(quantity, Available) : quantity;
            if (granted < 1 || granted > Available)
            {
                return NotEnoughSeats(quantity);
            }
            return request.Together ? ChooseTogether(quantity, granted, request.AllowPartial) : PickFree(granted);
        }
        if (request.Together)
        {
            return EventRules.Invalid("together applies to qty holds; named seats are held as named: leave together out, or give qty instead of seats.");
        }
        var named = FindSeats(request.Seats!, options);
        if (!named.IsSuccess)
        {
            return named;
        }
        var free = named.Value!.Where(seat => _seats[seat] == SeatStatus.Available).ToArray();
        if (free.Length == 0 || (free.Length < named.Value!.Length && !request.AllowPartial))
        {
            var taken = named.Value!.First(seat => _seats[seat] != SeatStatus.Available);
            return SeatTaken(taken, free.Length > 0
                ? "; set allow_partial to hold the others"
                : "");
        }
        return free;
    }

    /// <summary>
    /// Seats side by side in one row for a <c>together</c> hold; with allow_partial, the most that sit together
    /// when fewer than <paramref name="granted"/> do.
    /// </summary>
    private Outcome<int[]> ChooseTogether(int quantity, int granted, bool allowPartial)
    {
        if (PickTogether(granted) is { } seats)
        {
            return seats;
        }
        var (longest, row) = LongestAdjacentRun();
        if (allowPartial && longest > 0 && PickTogether(longest) is { } most)
        {
            return most;
        }
        var where = row is null ? "consecutive free seats" : $"adjacent free seats in one row (row {row})";
        return new TicketError(ErrorCodes.NotEnoughAdjacentSeats,
            $"{quantity} seats together asked, but the most {where} is {longest}: ask for {longest} or fewer with together, "
            + $"or leave together out to get {quantity} seats apart.");
    }

    private TicketError NotEnoughSeats(int quantity) => new(ErrorCodes.NotEnoughSeats, Available == 0
        ? $"{quantity} seats asked, none available: every seat is held or booked (held seats return when their holds end)."
        : $"{quantity} seats asked, {Available} available: ask for {Available} or fewer, or set allow_partial to take them.");

    /// <summary>A named seat that is not free, and what to do instead.</summary>
    private TicketError SeatTaken(int seat, string alternative = "") => new(ErrorCodes.SeatTaken,
        $"seat {Layout.LabelOf(seat)} is {StatusName(_seats[seat])}{alternative}; GET /events/{Id}/seats shows which seats are available.");

    private static string StatusName(SeatStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Resolves seat labels: 1 to the maximum, no duplicates, all on the map.</summary>
    private Outcome<int[]> FindSeats(IReadOnlyList<string> labels, TicketingOptions options)
    {
        if (labels.Count < 1 || labels.Count > options.MaxHoldQuantity)
        {
            return EventRules.Invalid($"seats must name between 1 and {options.MaxHoldQuantity} seats.");
        }
        var seats = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not { } label || !Layout.TryFind(label, out seats[i]))
            {
                return SeatNotFound(labels[i]);
            }
        }
        var distinct = new HashSet<int>();
        foreach (var seat in seats)
        {
            if (!distinct.Add(seat))
            {
                return EventRules.Invalid($"seat {Layout.LabelOf(seat)} is named twice in seats: name each seat once.");
            }
        }
        return seats;
    }

    private TicketError SeatNotFound(string? label) => new(ErrorCodes.SeatNotFound, Layout.Labels is null
        ? $"event {Id} has no seat {Shorten(label)}: its seats are numbered 1 to {Capacity}."
        : $"event {Id} has no seat {Shorten(label)}: GET /events/{Id}/seats lists its seat labels.");

    private static TicketError HoldNotFound(string holdId) =>
        new(ErrorCodes.HoldNotFound, $"hold {Shorten(holdId)} not found: use the hold_id that POST /holds answered.");

    /// <summary>
    /// The one refusal of a change to a hold that has ended: 410 codes naming how it ended, except a hold whose
    /// booking stands, which is 409 naming the next step (cancel the booking).
    /// </summary>
    private TicketError HoldNotActive(int hold)
    {
        var id = _holds.IdOf(hold);
        switch (_holds.StatusOf(hold))
        {
            case HoldStatus.Booked when _holds.BookingIdOf(hold) is { } bookingId && _bookings.TryGetValue(bookingId, out var booking):
                return booking.IsConfirmed
                    ? new TicketError(ErrorCodes.HoldAlreadyBooked,
                        $"hold {id} is booked as {bookingId}; to give its seats back, cancel the booking (DELETE /bookings/{bookingId}).")
                    : new TicketError(ErrorCodes.BookingCancelled,
                        $"hold {id} was booked as {bookingId}, which was cancelled{At(booking.CancelledAt)}; its seats went back on sale: place a new hold.");
            case HoldStatus.Booked:
                return new TicketError(ErrorCodes.HoldAlreadyBooked, $"hold {id} is already booked.");
            case HoldStatus.Released:
                return new TicketError(ErrorCodes.HoldReleased, $"hold {id} was released; its seats went back on sale: place a new hold.");
            default:
                return new TicketError(ErrorCodes.HoldExpired, $"hold {id} expired at {_holds.ExpiresAt(hold):O}; its seats went back on sale: place a new hold.");
        }
    }

    private static string At(DateTimeOffset? time) => time is { } at ? $" at {at:O}" : "";

    private HoldInfo ToInfo(int hold, bool withToken = false) => new(
        _holds.IdOf(hold), Id, Layout.LabelsOf(_holds.SeatsOf(hold)), _holds.CreatedAt(hold), _holds.ExpiresAt(hold),
        _holds.StatusOf(hold), withToken ? _holds.TokenOf(hold) : null, _holds.BookingIdOf(hold), AreAdjacent(_holds.SeatsOf(hold)));

    /// <summary>Echoes caller input in messages without letting it grow them unboundedly.</summary>
    private static string Shorten(string? text) => EventRules.Shorten(text);
}

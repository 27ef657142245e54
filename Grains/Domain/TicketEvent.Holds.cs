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

    public Outcome<HoldInfo> GetHold(string holdId, DateTimeOffset now)
    {
        ExpireDue(now);
        return _holds.TryFind(holdId, out var hold) ? ToInfo(hold) : HoldNotFound(holdId);
    }

    public Outcome<HoldInfo> ReleaseHold(string holdId, DateTimeOffset now) => EndActiveHold(holdId, HoldStatus.Released, now);

    public Outcome<HoldInfo> ExpireHold(string holdId, DateTimeOffset now)
    {
        ExpireDue(now);
        if (_holds.TryFind(holdId, out var hold) && _holds.StatusOf(hold) == HoldStatus.Expired)
        {
            return ToInfo(hold);
        }
        return EndActiveHold(holdId, HoldStatus.Expired, now);
    }

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
            return EventRules.Invalid("give either qty or seats.");
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
                return new TicketError(ErrorCodes.NotEnoughSeats, $"{quantity} seats asked, {Available} available.");
            }
            return PickFree(granted);
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
            return new TicketError(ErrorCodes.SeatTaken, $"seat {Layout.LabelOf(taken)} is taken.");
        }
        return free;
    }

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
                return new TicketError(ErrorCodes.SeatNotFound, $"event {Id} has no seat {Shorten(labels[i])}.");
            }
        }
        if (seats.Distinct().Count() != seats.Length)
        {
            return EventRules.Invalid("seats must not name a seat twice.");
        }
        return seats;
    }

    private static TicketError HoldNotFound(string holdId) => new(ErrorCodes.HoldNotFound, $"hold {Shorten(holdId)} not found.");

    private TicketError HoldNotActive(int hold) => _holds.StatusOf(hold) switch
    {
        HoldStatus.Booked => new TicketError(ErrorCodes.HoldAlreadyBooked, $"hold {_holds.IdOf(hold)} is already booked."),
        HoldStatus.Released => new TicketError(ErrorCodes.HoldReleased, $"hold {_holds.IdOf(hold)} was released."),
        _ => new TicketError(ErrorCodes.HoldExpired, $"hold {_holds.IdOf(hold)} expired at {_holds.ExpiresAt(hold):O}."),
    };

    private HoldInfo ToInfo(int hold, bool withToken = false) => new(
        _holds.IdOf(hold), Id, Layout.LabelsOf(_holds.SeatsOf(hold)), _holds.CreatedAt(hold), _holds.ExpiresAt(hold),
        _holds.StatusOf(hold), withToken ? _holds.TokenOf(hold) : null, _holds.BookingIdOf(hold));

    /// <summary>Echoes caller input in messages without letting it grow them unboundedly.</summary>
    private static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 40 ? text : text[..40] + "…";
}

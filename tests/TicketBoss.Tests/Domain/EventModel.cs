using TicketBoss.Grains;

namespace TicketBoss.Tests.Domain;

/// <summary>A hold as the model knows it: seats as the event reported them.</summary>
internal sealed class ModelHold(string id, int[] seats, string token, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;
    public int[] Seats { get; } = seats;
    public string Token { get; } = token;
    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    public HoldStatus Status { get; set; } = HoldStatus.Active;
    public string? BookingId { get; set; }
}

/// <summary>A booking as the model knows it.</summary>
internal sealed class ModelBooking(string id, BookingKind kind, int[] seats)
{
    public string Id { get; } = id;
    public BookingKind Kind { get; } = kind;
    public int[] Seats { get; } = seats;
    public bool Confirmed { get; set; } = true;
}

/// <summary>What an operation should answer: an error code, or success with these seats.</summary>
internal readonly record struct Expected(string? Error, int[] Seats)
{
    public static Expected Fail(string code) => new(code, []);

    public static Expected Ok(int[] seats) => new(null, seats);
}

/// <summary>
/// A deliberately naive re-statement of the ticketing rules (a seat array scanned from the start), used as the
/// oracle of the random-operation test: it predicts each answer and the version, and tracks what changed.
/// <paramref name="rows"/> lists each row's seats (null for numbered seats, which are one row in number order);
/// <paramref name="prefersCentre"/>: a row's best seats are at its centre, else its first ones.
/// </summary>
internal sealed class EventModel(string[] labels, int[][]? rows, TicketingOptions options, bool prefersCentre = false)
{
    public string[] Labels { get; } = labels;
    public SeatStatus[] Seats { get; } = new SeatStatus[labels.Length];
    public Dictionary<string, ModelHold> Holds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ModelBooking> Bookings { get; } = new(StringComparer.Ordinal);
    public List<string> HoldIds { get; } = [];
    public List<string> BookingIds { get; } = [];
    public HashSet<string> ChangedHolds { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ChangedBookings { get; } = new(StringComparer.Ordinal);
    public long Version { get; set; }

    public int Available => Seats.Count(s => s == SeatStatus.Available);

    public int Find(string? label) => label is null ? -1 : Array.IndexOf(Labels, label);

    public string[] LabelsOf(int[] seats) => Array.ConvertAll(seats, s => Labels[s]);

    public int ExpireDue(DateTimeOffset now)
    {
        var due = Holds.Values.Where(h => h.Status == HoldStatus.Active && h.ExpiresAt <= now).ToList();
        foreach (var hold in due)
        {
            EndHold(hold, HoldStatus.Expired, now);
        }
        Version += due.Count;
        return due.Count;
    }

    public DateTimeOffset? NextExpiry =>
        Holds.Values.Where(h => h.Status == HoldStatus.Active).Select(h => (DateTimeOffset?)h.ExpiresAt).Min();

    public Expected PredictHold(HoldRequest request)
    {
        var ttl = request.TtlSeconds ?? options.DefaultHoldTtlSeconds;
        if (ttl < options.MinHoldTtlSeconds || ttl > options.MaxHoldTtlSeconds
            || (request.Quantity is null) == (request.Seats is null))
        {
            return Expected.Fail(ErrorCodes.InvalidRequest);
        }
        if (request.Quantity is { } quantity)
        {
            if (quantity < 1 || quantity > options.MaxHoldQuantity)
            {
                return Expected.Fail(ErrorCodes.InvalidRequest);
            }
            var granted = request.AllowPartial ? Math.Min(quantity, Available) : quantity;
            if (granted < 1 || granted > Available)
            {
                return Expected.Fail(ErrorCodes.NotEnoughSeats);
            }
            if (!request.Together)
            {
                return Expected.Ok(BestFree(granted));
            }
            var longest = Enumerable.Range(1, granted).LastOrDefault(n => BestWindow(n, always: true) is not null);
            return longest == granted || (request.AllowPartial && longest > 0)
                ? Expected.Ok(BestWindow(longest, always: true)!)
                : Expected.Fail(ErrorCodes.NotEnoughAdjacentSeats);
        }
        if (request.Together)
        {
            return Expected.Fail(ErrorCodes.InvalidRequest);
        }
        var named = PredictNamed(request.Seats!);
        if (named.Error is not null)
        {
            return named;
        }
        var free = named.Seats.Where(s => Seats[s] == SeatStatus.Available).ToArray();
        return free.Length == 0 || (free.Length < named.Seats.Length && !request.AllowPartial)
            ? Expected.Fail(ErrorCodes.SeatTaken)
            : Expected.Ok(free);
    }

    public Expected PredictBookSeats(IReadOnlyList<string> labels)
    {
        var named = PredictNamed(labels);
        return named.Error is null && named.Seats.Any(s => Seats[s] != SeatStatus.Available)
            ? Expected.Fail(ErrorCodes.SeatTaken)
            : named;
    }

    public Expected PredictReserve(string partnerId, int quantity)
    {
        if (!IsPartyId(partnerId) || quantity < 1 || quantity > options.MaxReservationSeats)
        {
            return Expected.Fail(ErrorCodes.InvalidRequest);
        }
        return quantity > Available ? Expected.Fail(ErrorCodes.NotEnoughSeats) : Expected.Ok(BestFree(quantity));
    }

    public Expected PredictReserveSeat(string label, string userId)
    {
        var seat = Find(label);
        return !IsPartyId(userId) ? Expected.Fail(ErrorCodes.InvalidRequest)
            : seat < 0 ? Expected.Fail(ErrorCodes.SeatNotFound)
            : Seats[seat] != SeatStatus.Available ? Expected.Fail(ErrorCodes.SeatTaken)
            : Expected.Ok([seat]);
    }

    /// <summary>Null when the hold may end (release or expire); else the refusal.</summary>
    public string? EndRefusal(string holdId) =>
        !Holds.TryGetValue(holdId, out var hold) ? ErrorCodes.HoldNotFound : NotActive(hold);

    /// <summary>Null for an active hold; else the refusal of a change to it, naming how it ended.</summary>
    public string? NotActive(ModelHold hold) => hold.Status switch
    {
        HoldStatus.Active => null,
        HoldStatus.Booked when Bookings[hold.BookingId!].Confirmed => ErrorCodes.HoldAlreadyBooked,
        HoldStatus.Booked => ErrorCodes.BookingCancelled,
        HoldStatus.Released => ErrorCodes.HoldReleased,
        _ => ErrorCodes.HoldExpired,
    };

    public string? CancelRefusal(string bookingId, BookingKind? onlyKind) =>
        !Bookings.TryGetValue(bookingId, out var b) || (onlyKind is not null && onlyKind != b.Kind)
            ? onlyKind == BookingKind.Reservation ? ErrorCodes.ReservationNotFound : ErrorCodes.BookingNotFound
        : b.Confirmed ? null
        : b.Kind == BookingKind.Reservation ? ErrorCodes.ReservationCancelled
        : ErrorCodes.BookingCancelled;

    /// <summary>Seats side by side in one row (numbered seats: consecutive numbers).</summary>
    public bool AreAdjacent(int[] seats) =>
        seats.Length > 0 && (rows ?? [Enumerable.Range(0, Labels.Length).ToArray()]).Any(row =>
            Array.IndexOf(row, seats.Min()) is var start and >= 0
            && start + seats.Length <= row.Length
            && row[start..(start + seats.Length)].Order().SequenceEqual(seats.Order()));

    public void AddHold(string id, int[] seats, string token, DateTimeOffset expiresAt)
    {
        Mark(seats, SeatStatus.Held);
        Holds.Add(id, new ModelHold(id, seats, token, expiresAt));
        HoldIds.Add(id);
        ChangedHolds.Add(id);
        Version++;
    }

    /// <summary>Ends a hold at <paramref name="now"/>: one expired before its time expires then.</summary>
    public void EndHold(ModelHold hold, HoldStatus status, DateTimeOffset now)
    {
        hold.Status = status;
        if (status == HoldStatus.Expired && now < hold.ExpiresAt)
        {
            hold.ExpiresAt = now;
        }
        if (status != HoldStatus.Booked)
        {
            Mark(hold.Seats, SeatStatus.Available);
        }
        ChangedHolds.Add(hold.Id);
    }

    public void AddBooking(string id, BookingKind kind, int[] seats)
    {
        Mark(seats, SeatStatus.Booked);
        Bookings.Add(id, new ModelBooking(id, kind, seats));
        BookingIds.Add(id);
        ChangedBookings.Add(id);
        Version++;
    }

    public void Cancel(ModelBooking booking)
    {
        booking.Confirmed = false;
        Mark(booking.Seats, SeatStatus.Available);
        ChangedBookings.Add(booking.Id);
        Version++;
    }

    private Expected PredictNamed(IReadOnlyList<string> labels)
    {
        if (labels.Count < 1 || labels.Count > options.MaxHoldQuantity)
        {
            return Expected.Fail(ErrorCodes.InvalidRequest);
        }
        var seats = labels.Select(Find).ToArray();
        return seats.Contains(-1) ? Expected.Fail(ErrorCodes.SeatNotFound)
            : seats.Distinct().Count() != seats.Length ? Expected.Fail(ErrorCodes.InvalidRequest)
            : Expected.Ok(seats);
    }

    /// <summary>On a seat map the best window of <paramref name="count"/> free seats in one row, else the first free seats.</summary>
    private int[] BestFree(int count) => BestWindow(count, always: false) ?? FirstFree(count);

    /// <summary>
    /// The first row (in order) with a window of <paramref name="count"/> free seats, and in it the window nearest the
    /// centre (ties: the leftmost) or the leftmost; numbered seats are one row, searched only when <paramref name="always"/>.
    /// </summary>
    private int[]? BestWindow(int count, bool always)
    {
        if (rows is null && !always)
        {
            return null;
        }
        foreach (var row in rows ?? [Enumerable.Range(0, Labels.Length).ToArray()])
        {
            var fits = Enumerable.Range(0, Math.Max(0, row.Length - count + 1))
                .Where(start => row[start..(start + count)].All(s => Seats[s] == SeatStatus.Available));
            if (prefersCentre)
            {
                fits = fits.OrderBy(start => Math.Abs(2 * start + count - row.Length));
            }
            if (fits.Select(start => row[start..(start + count)]).FirstOrDefault() is { } window)
            {
                return window;
            }
        }
        return null;
    }

    private int[] FirstFree(int count) =>
        Enumerable.Range(0, Seats.Length).Where(s => Seats[s] == SeatStatus.Available).Take(count).ToArray();

    private void Mark(int[] seats, SeatStatus status)
    {
        foreach (var seat in seats)
        {
            // The model itself must never move a seat between two owners.
            var allowed = status == SeatStatus.Available
                ? Seats[seat] != SeatStatus.Available
                : Seats[seat] == SeatStatus.Available || (status == SeatStatus.Booked && Seats[seat] == SeatStatus.Held);
            Assert.True(allowed, $"model: seat {Labels[seat]} is {Seats[seat]}, cannot become {status}");
            Seats[seat] = status;
        }
    }

    private static bool IsPartyId(string id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && !id.Any(char.IsControl);
}

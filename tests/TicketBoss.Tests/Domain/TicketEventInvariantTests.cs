using TicketBoss.Grains;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Tests.Domain;

/// <summary>
/// Random operations on random events, checked against <see cref="EventModel"/> and the event's invariants after
/// every step. The run is also the event's storage: each step's changes are committed to it, the event forgets ended
/// holds and bookings at random, and the run gives them back before an operation names them, as the grain does.
/// A failure names its seed, step and operation; replay it with <c>new InvariantRun(seed).Run(200)</c>.
/// </summary>
public sealed class TicketEventInvariantTests
{
    private const int Sequences = 300;
    private const int Steps = 200;

    [Fact]
    public void RandomOperationsKeepEveryInvariant()
    {
        for (var seed = 1; seed <= Sequences; seed++)
        {
            new InvariantRun(seed).Run(Steps);
        }
    }
}

/// <summary>One seeded sequence of operations on one event.</summary>
internal sealed class InvariantRun
{
    private static readonly TicketingOptions Options = TestEvents.Options;

    private readonly int _seed;
    private readonly RandomInputs _random;
    private readonly TicketEvent _event;
    private readonly EventModel _model;
    private readonly bool _numbered;
    private readonly Dictionary<string, Hold> _storedHolds = [];
    private readonly Dictionary<string, Booking> _storedBookings = [];
    private DateTimeOffset _now = TestEvents.T0;
    private int _step;
    private string _op = "create";

    public InvariantRun(int seed)
    {
        _seed = seed;
        _random = new RandomInputs(seed);
        var definition = _random.Event();
        _numbered = definition.SeatMap is null;
        var created = TicketEvent.Create($"evt_{seed}", definition, new TicketingOptions(), _now);
        Require(created.IsSuccess, $"create failed: {created.Error?.Message}");
        _event = created.Value!;
        var labels = _numbered
            ? Enumerable.Range(1, definition.Capacity!.Value).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : EventRules.RowsOf(definition.SeatMap!).SelectMany(r => EventRules.LabelsOf(r.Row)).ToArray();
        var rows = _numbered ? null : EventRules.RowsOf(definition.SeatMap!).Select(r => EventRules.LabelsOf(r.Row).Select(l => Array.IndexOf(labels, l)).ToArray()).ToArray();
        _model = new EventModel(labels, rows, Options, prefersCentre: !_numbered && definition.SeatMap!.Preference != SeatPreferences.First);
    }

    public void Run(int steps)
    {
        Require(_event.TakeChanges().IsNewEvent, "a created event is new");
        for (_step = 0; _step < steps; _step++)
        {
            if (_random.Chance(0.2))
            {
                _now = _now.AddSeconds(_random.Next(61));
            }
            if (_random.Chance(0.5))
            {
                // Expire first ourselves, so the operation's own expiry has nothing left to do.
                _op = "ExpireDue";
                ExpireDue();
            }
            _op = "?";
            switch (_random.Next(13))
            {
                case 0 or 1 or 2: PlaceHold(); break;
                case 3: EndHold(expire: false); break;
                case 4: EndHold(expire: true); break;
                case 5 or 6: BookHold(); break;
                case 7: BookSeats(); break;
                case 8: Reserve(); break;
                case 9: Cancel(); break;
                case 10: ReserveSeat(); break;
                case 11 when _random.Chance(0.5):
                    Forget();
                    break;
                default:
                    if (_random.Chance(0.5))
                    {
                        GetHold();
                    }
                    else
                    {
                        _op = "ExpireDue (time passes)";
                        _now = _now.AddSeconds(_random.Next(61));
                        ExpireDue();
                    }
                    break;
            }
            CheckInvariants();
        }
        CheckRestore();
    }

    /// <summary>The event lets go of what ended; nothing it answers or counts may change.</summary>
    private void Forget()
    {
        ExpireDue();
        var grace = _random.Chance(0.5) ? TimeSpan.Zero : TimeSpan.FromSeconds(_random.Next(1, 90));
        _op = $"Forget(grace {grace.TotalSeconds} s)";
        var before = (_event.Snapshot(), _event.NextExpiry, _event.HoldsInMemory);
        _event.Forget(_now, grace);
        Require((_event.Snapshot(), _event.NextExpiry) == (before.Item1, before.NextExpiry), "forgetting changed the counts");
        Require(_event.HoldsInMemory <= before.HoldsInMemory, "forgetting added holds");
        if (grace == TimeSpan.Zero)
        {
            // Only what ended by a change not yet committed (this step's expiries) stays.
            var live = _model.Holds.Values.Count(h => h.Status == HoldStatus.Active || _model.ChangedHolds.Contains(h.Id));
            Require(_event.HoldsInMemory == live, $"{_event.HoldsInMemory} holds in memory after forgetting all ended, {live} live");
            Require(_event.BookingsInMemory == _model.Bookings.Values.Count(b => b.Confirmed), "cancelled bookings in memory after forgetting all ended");
        }
    }

    /// <summary>What the grain does before an operation on a hold: takes back what storage keeps of it, if memory let it go.</summary>
    private void Recall(string holdId)
    {
        if (_event.MustRecallHold(holdId) && _storedHolds.TryGetValue(holdId, out var stored))
        {
            _event.Recall(stored, _now);
            if (stored.BookingId is { } bookingId)
            {
                _event.Recall(_storedBookings[bookingId], _now);
            }
        }
    }

    private void RecallBooking(string bookingId)
    {
        if (_event.MustRecallBooking(bookingId) && _storedBookings.TryGetValue(bookingId, out var stored))
        {
            _event.Recall(stored, _now);
        }
    }

    private void ExpireDue()
    {
        var expected = _model.ExpireDue(_now);
        var expired = _event.ExpireDue(_now);
        Require(expired == expected, $"ExpireDue expired {expired} holds, expected {expected}");
    }

    private void PlaceHold()
    {
        var request = _random.Hold(_model, _numbered);
        _op = $"PlaceHold({request.Quantity}, [{string.Join(",", request.Seats ?? [])}], ttl {request.TtlSeconds}, partial {request.AllowPartial}, together {request.Together})";
        _model.ExpireDue(_now);
        var expected = _model.PredictHold(request);
        var result = _event.PlaceHold(request, Options, _now);
        if (Answered(result, expected.Error))
        {
            var hold = result.Value!;
            RequireSeats(hold.Seats, expected.Seats);
            Require(hold.ExpiresAt == _now.AddSeconds(request.TtlSeconds ?? Options.DefaultHoldTtlSeconds), "hold expiry");
            Require(hold.Status == HoldStatus.Active && hold.BookingId is null && hold.CreatedAt == _now, "new hold state");
            Require(hold.PaymentToken is { Length: > 0 } && !_model.Holds.ContainsKey(hold.HoldId), "new hold id and token");
            Require(hold.Adjacent == _model.AreAdjacent(expected.Seats), $"adjacent is {hold.Adjacent}");
            Require(!request.Together || hold.Adjacent, "a together hold sits together");
            _model.AddHold(hold.HoldId, expected.Seats, hold.PaymentToken!, hold.ExpiresAt);
        }
    }

    private void EndHold(bool expire)
    {
        var holdId = HoldId();
        _op = $"{(expire ? "ExpireHold" : "ReleaseHold")}({holdId})";
        _model.ExpireDue(_now);
        Recall(holdId);
        var result = expire ? _event.ExpireHold(holdId, _now) : _event.ReleaseHold(holdId, _now);
        var status = expire ? HoldStatus.Expired : HoldStatus.Released;
        if (Answered(result, _model.EndRefusal(holdId)))
        {
            Require(result.Value!.HoldId == holdId && result.Value.Status == status, "ended hold state");
            Require(result.Value.PaymentToken is null, "token shown only at creation");
            _model.EndHold(_model.Holds[holdId], status, _now);
            _model.Version++;
        }
    }

    private void BookHold()
    {
        var holdId = HoldId();
        var known = _model.Holds.GetValueOrDefault(holdId);
        var token = known is null ? "whatever" : _random.Chance(0.75) ? known.Token : _random.WrongToken(known.Token);
        _op = $"BookHold({holdId}, {(known?.Token == token ? "right" : "wrong")} token)";
        _model.ExpireDue(_now);
        var expected = known is null ? ErrorCodes.HoldNotFound
            : token != known.Token ? ErrorCodes.InvalidPaymentToken
            : known.BookingId is not null && _model.Bookings[known.BookingId].Confirmed ? null
            : _model.NotActive(known);
        Recall(holdId);
        var result = _event.BookHold(holdId, token, _now);
        if (!Answered(result, expected))
        {
            return;
        }
        var (booking, replayed) = result.Value!;
        Require(replayed == (known!.BookingId is not null), $"replayed is {replayed}");
        Require(replayed || known.Status == HoldStatus.Active, "only an active hold is booked anew");
        Require(booking.Kind == BookingKind.Hold && booking.HoldId == holdId, "booking of the hold");
        RequireSeats(booking.Seats, known.Seats);
        if (replayed)
        {
            var earlier = _model.Bookings[known.BookingId!];
            Require(booking.BookingId == earlier.Id, "a replay answers the earlier booking");
            Require(earlier.Confirmed && booking.Status == BookingStatus.Confirmed, "only a standing booking is replayed");
            return;
        }
        Require(booking.Status == BookingStatus.Confirmed && !_model.Bookings.ContainsKey(booking.BookingId), "new booking");
        _model.EndHold(known, HoldStatus.Booked, _now);
        known.BookingId = booking.BookingId;
        _model.AddBooking(booking.BookingId, BookingKind.Hold, known.Seats);
    }

    private void BookSeats()
    {
        var labels = _random.Labels(_model, _numbered);
        _op = $"BookSeats([{string.Join(",", labels)}])";
        _model.ExpireDue(_now);
        var expected = _model.PredictBookSeats(labels);
        NewBooking(_event.BookSeats(labels, Options, _now), expected, BookingKind.Direct);
    }

    private void Reserve()
    {
        var partner = _random.PartyId();
        var quantity = _random.Next(8) == 0 ? _random.Quantity(_model.Labels.Length) : _random.Next(1, 4);
        _op = $"Reserve({partner}, {quantity})";
        _model.ExpireDue(_now);
        var expected = _model.PredictReserve(partner, quantity);
        NewBooking(_event.Reserve(partner, quantity, Options, _now), expected, BookingKind.Reservation);
    }

    private void ReserveSeat()
    {
        var label = _random.Label(_model, _numbered);
        var user = _random.PartyId();
        _op = $"ReserveSeat({label}, {user})";
        _model.ExpireDue(_now);
        var expected = _model.PredictReserveSeat(label, user);
        NewBooking(_event.ReserveSeat(label, user, _now), expected, BookingKind.Seat);
    }

    private void NewBooking(Outcome<BookingInfo> result, Expected expected, BookingKind kind)
    {
        if (Answered(result, expected.Error))
        {
            var booking = result.Value!;
            RequireSeats(booking.Seats, expected.Seats);
            Require(booking.Kind == kind && booking.Status == BookingStatus.Confirmed && booking.CreatedAt == _now, "new booking");
            Require(!_model.Bookings.ContainsKey(booking.BookingId) && booking.EventId == _event.Id, "new booking id");
            _model.AddBooking(booking.BookingId, kind, expected.Seats);
        }
    }

    private void Cancel()
    {
        var bookingId = _model.BookingIds.Count > 0 && _random.Chance(0.85)
            ? _random.Pick(_model.BookingIds)
            : "bkg_unknown." + _event.Id;
        BookingKind? onlyKind = _random.Next(6) switch
        {
            0 or 1 or 2 => null,
            3 or 4 => BookingKind.Reservation,
            _ => (BookingKind)_random.Next(4),
        };
        _op = $"Cancel({bookingId}, only {onlyKind})";
        _model.ExpireDue(_now);
        var expected = _model.CancelRefusal(bookingId, onlyKind);
        RecallBooking(bookingId);
        var result = _event.Cancel(bookingId, onlyKind, _now);
        if (Answered(result, expected))
        {
            Require(result.Value!.BookingId == bookingId && result.Value.Status == BookingStatus.Cancelled, "cancelled booking");
            _model.Cancel(_model.Bookings[bookingId]);
        }
    }

    private void GetHold()
    {
        var holdId = HoldId();
        _op = $"GetHold({holdId})";
        _model.ExpireDue(_now);
        var known = _model.Holds.GetValueOrDefault(holdId);
        Recall(holdId);
        var result = _event.GetHold(holdId, _now);
        if (Answered(result, known is null ? ErrorCodes.HoldNotFound : null))
        {
            var hold = result.Value!;
            Require(hold.Status == known!.Status && hold.BookingId == known.BookingId, $"hold is {hold.Status}, model {known.Status}");
            Require(hold.PaymentToken is null && hold.ExpiresAt == known.ExpiresAt, "hold details");
            RequireSeats(hold.Seats, known.Seats);
        }
    }

    /// <summary>An active hold half the time; else a hold the model knows in any state, or one that never existed.</summary>
    private string HoldId()
    {
        var active = _model.Holds.Values.Where(h => h.Status == HoldStatus.Active).Select(h => h.Id).ToList();
        return active.Count > 0 && _random.Chance(0.5) ? _random.Pick(active)
            : _model.HoldIds.Count > 0 && _random.Chance(0.9) ? _random.Pick(_model.HoldIds)
            : "hld_unknown." + _event.Id;
    }

    /// <summary>Checks success or the error code against the model; true when the operation succeeded.</summary>
    private bool Answered<T>(Outcome<T> result, string? expectedError)
    {
        Require(result.IsSuccess == (expectedError is null),
            $"expected {expectedError ?? "success"}, got {(result.IsSuccess ? "success" : result.Error!.Code + " (" + result.Error.Message + ")")}");
        Require(result.IsSuccess ? result.Value is not null : result.Error!.Code == expectedError && result.Value is null,
            $"expected {expectedError}, got {result.Error?.Code}");
        return result.IsSuccess;
    }

    private void RequireSeats(IReadOnlyList<string> actual, int[] expected)
    {
        if (!actual.SequenceEqual(_model.LabelsOf(expected)))
        {
            Fail($"seats [{string.Join(",", actual)}], expected [{string.Join(",", _model.LabelsOf(expected))}]");
        }
    }

    private void CheckInvariants()
    {
        var e = _event;
        var view = e.Seats(_now);
        Require(e.Available >= 0 && e.Held >= 0 && e.Booked >= 0, $"negative count: {e.Available}/{e.Held}/{e.Booked}");
        Require(e.Available + e.Held + e.Booked == e.Capacity, $"{e.Available} + {e.Held} + {e.Booked} != {e.Capacity}");
        Require(view.Seats.Count == e.Capacity && view.Event == e.Snapshot(), "seats view snapshot");
        Require(view.Seats.Count(s => s.Status == SeatStatus.Available) == e.Available, "view disagrees with Available");
        Require(view.Seats.Count(s => s.Status == SeatStatus.Held) == e.Held, "view disagrees with Held");
        Require(view.Seats.Count(s => s.Status == SeatStatus.Booked) == e.Booked, "view disagrees with Booked");
        Require(e.Version == _model.Version, $"version {e.Version}, expected {_model.Version}");
        var reservations = _model.Bookings.Values.Count(b => b.Confirmed && b.Kind == BookingKind.Reservation);
        Require(e.ReservationCount == reservations, $"ReservationCount {e.ReservationCount}, expected {reservations}");
        Require(e.NextExpiry == _model.NextExpiry, $"NextExpiry {e.NextExpiry:O}, expected {_model.NextExpiry:O}");

        // Every seat belongs to at most one live hold or booking, and the view shows exactly those owners.
        var owners = new Dictionary<string, SeatStatus>(StringComparer.Ordinal);
        foreach (var hold in _model.Holds.Values.Where(h => h.Status == HoldStatus.Active))
        {
            foreach (var label in _model.LabelsOf(hold.Seats))
            {
                if (!owners.TryAdd(label, SeatStatus.Held))
                {
                    Fail($"seat {label} is in two live holds/bookings");
                }
            }
        }
        foreach (var booking in _model.Bookings.Values.Where(b => b.Confirmed))
        {
            foreach (var label in _model.LabelsOf(booking.Seats))
            {
                if (!owners.TryAdd(label, SeatStatus.Booked))
                {
                    Fail($"seat {label} is in two live holds/bookings");
                }
            }
        }
        for (var i = 0; i < view.Seats.Count; i++)
        {
            var seat = view.Seats[i];
            var owner = owners.TryGetValue(seat.Label, out var s) ? s : SeatStatus.Available;
            if (seat.Label != _model.Labels[i] || seat.Status != owner || seat.Status != _model.Seats[i])
            {
                Fail($"seat {i} is {seat.Label} {seat.Status}, expected {_model.Labels[i]} {owner} (model {_model.Seats[i]})");
            }
        }
        CheckChanges();
    }

    /// <summary>
    /// TakeChanges returns exactly the holds and bookings this step changed: the ones never stored to insert, the
    /// stored ones to update. They are kept for a restore.
    /// </summary>
    private void CheckChanges()
    {
        var changes = _event.TakeChanges();
        Require(!changes.IsNewEvent, "only the first TakeChanges is new");
        var holds = changes.NewHolds.Concat(changes.ChangedHolds).ToArray();
        var bookings = changes.NewBookings.Concat(changes.ChangedBookings).ToArray();
        Require(holds.Select(h => h.Id).Order().SequenceEqual(_model.ChangedHolds.Order()), "changed holds");
        Require(bookings.Select(b => b.Id).Order().SequenceEqual(_model.ChangedBookings.Order()), "changed bookings");
        Require(changes.NewHolds.All(h => !_storedHolds.ContainsKey(h.Id)) && changes.ChangedHolds.All(h => _storedHolds.ContainsKey(h.Id)),
            "new holds are not stored yet and changed holds are");
        Require(changes.NewBookings.All(b => !_storedBookings.ContainsKey(b.Id)) && changes.ChangedBookings.All(b => _storedBookings.ContainsKey(b.Id)),
            "new bookings are not stored yet and changed bookings are");
        _model.ChangedHolds.Clear();
        _model.ChangedBookings.Clear();
        foreach (var hold in holds)
        {
            _storedHolds[hold.Id] = hold;
        }
        foreach (var booking in bookings)
        {
            _storedBookings[booking.Id] = booking;
        }
        _event.Committed(_event.Version);
    }

    /// <summary>An event rebuilt from every change it reported looks the same as the original.</summary>
    private void CheckRestore()
    {
        _op = "Restore";
        var e = _event;
        var restored = TicketEvent.Restore(
            e.Id, e.Details, e.Layout, e.CreatedAt, e.Version, _storedHolds.Values, _storedBookings.Values);
        Require(restored.Snapshot() == e.Snapshot() && restored.NextExpiry == e.NextExpiry, "restored snapshot");
        Require(restored.Seats(_now).Seats.SequenceEqual(e.Seats(_now).Seats), "restored seats");

        // Storage loads only what is live; the rest comes back when asked for.
        var live = TicketEvent.Restore(
            e.Id, e.Details, e.Layout, e.CreatedAt, e.Version,
            _storedHolds.Values.Where(h => h.IsActive), _storedBookings.Values.Where(b => b.IsConfirmed));
        Require(live.Snapshot() == e.Snapshot() && live.NextExpiry == e.NextExpiry, "snapshot restored from live rows");
        Require(live.Seats(_now).Seats.SequenceEqual(e.Seats(_now).Seats), "seats restored from live rows");
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            Fail(what);
        }
    }

    private void Fail(string what) =>
        Assert.Fail($"seed {_seed} step {_step} {_op.Replace("\n", "\\n", StringComparison.Ordinal)}: {what}");
}

using TicketBoss.Grains;
using static TicketBoss.Tests.Domain.TestEvents;

namespace TicketBoss.Tests.Domain;

/// <summary>One ticketing rule per test, on small events with explicit time.</summary>
public sealed class TicketEventRulesTests
{
    [Fact]
    public void BookingAHoldTwiceWithItsTokenReturnsTheSameBooking()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);
        var first = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(5)));
        var second = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(6)));

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Booking.BookingId, second.Booking.BookingId);
        Assert.Equal(first.Booking.CreatedAt, second.Booking.CreatedAt);
        Assert.Equal(first.Booking.Seats, second.Booking.Seats);
        Assert.Equal(["1", "2"], first.Booking.Seats);
        Assert.Equal(2, e.Version);
        Assert.Equal((8, 0, 2), (e.Available, e.Held, e.Booked));
        Assert.Equal(first.Booking.BookingId, Ok(e.GetHold(hold.HoldId, At(7))).BookingId);
    }

    [Fact]
    public void BookingAfterTtlStillReturnsTheEarlierBooking()
    {
        var e = Numbered(10);
        var hold = e.Hold(3, T0, ttl: 30);
        var booked = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(29)));

        var later = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(3600)));

        Assert.True(later.Replayed);
        Assert.Equal(booked.Booking.BookingId, later.Booking.BookingId);
        Assert.Equal(HoldStatus.Booked, Ok(e.GetHold(hold.HoldId, At(3600))).Status);
        Assert.Equal((7, 0, 3, 2L), (e.Available, e.Held, e.Booked, e.Version));
    }

    [Fact]
    public void BookingAnExpiredHoldIsRefusedAsExpired()
    {
        var e = Numbered(10);
        var hold = e.Hold(3, T0, ttl: 30);

        // A hold expires at its expiry instant, not after it.
        Fails(e.BookHold(hold.HoldId, hold.PaymentToken!, At(30)), ErrorCodes.HoldExpired);
        Fails(e.BookHold(hold.HoldId, hold.PaymentToken!, At(31)), ErrorCodes.HoldExpired);

        Assert.Equal((10, 0, 0), (e.Available, e.Held, e.Booked));
        Assert.Equal(2, e.Version); // placed, expired; the refusals change nothing
        Assert.Equal(HoldStatus.Expired, Ok(e.GetHold(hold.HoldId, At(40))).Status);
    }

    [Fact]
    public void WrongPaymentTokenIsRefused()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);
        var other = e.Hold(1, T0);

        Fails(e.BookHold(hold.HoldId, other.PaymentToken!, At(1)), ErrorCodes.InvalidPaymentToken);
        Fails(e.BookHold(hold.HoldId, "", At(1)), ErrorCodes.InvalidPaymentToken);
        Assert.Equal((2L, 3), (e.Version, e.Held));

        // Nor does a wrong token learn anything about a hold already booked.
        Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(2)));
        Fails(e.BookHold(hold.HoldId, other.PaymentToken!, At(3)), ErrorCodes.InvalidPaymentToken);
        Fails(e.BookHold("hld_missing", hold.PaymentToken!, At(3)), ErrorCodes.HoldNotFound);
    }

    [Fact]
    public void QuantityHoldWithoutPartialFailsWhenShort()
    {
        var e = Numbered(5);
        e.Hold(3, T0);

        Fails(e.PlaceHold(new HoldRequest(Quantity: 3), Options, At(1)), ErrorCodes.NotEnoughSeats);

        Assert.Equal((2, 3, 1L), (e.Available, e.Held, e.Version));
    }

    [Fact]
    public void QuantityHoldWithPartialTakesWhatIsLeft()
    {
        var e = Numbered(5);
        e.Hold(3, T0);

        var rest = Ok(e.PlaceHold(new HoldRequest(Quantity: 4, AllowPartial: true), Options, At(1)));

        Assert.Equal(["4", "5"], rest.Seats);
        Assert.Equal((0, 5), (e.Available, e.Held));
        // With nothing left even a partial hold fails: a hold has at least one seat.
        Fails(e.PlaceHold(new HoldRequest(Quantity: 1, AllowPartial: true), Options, At(2)), ErrorCodes.NotEnoughSeats);
    }

    [Fact]
    public void NamedSeatHoldFailsWhenOneIsTaken()
    {
        var e = Numbered(10);
        e.Hold(T0, "4");

        var refused = e.PlaceHold(new HoldRequest(Seats: ["3", "4", "5"]), Options, At(1));

        Fails(refused, ErrorCodes.SeatTaken);
        Assert.Contains("4", refused.Error!.Message);
        Assert.Equal((9, 1, 1L), (e.Available, e.Held, e.Version));
    }

    [Fact]
    public void NamedSeatHoldWithPartialTakesTheFreeOnes()
    {
        var e = Numbered(10);
        e.Hold(T0, "4");

        var hold = Ok(e.PlaceHold(new HoldRequest(Seats: ["5", "4", "3"], AllowPartial: true), Options, At(1)));

        Assert.Equal(["5", "3"], hold.Seats);
        Fails(e.PlaceHold(new HoldRequest(Seats: ["3", "4"], AllowPartial: true), Options, At(2)), ErrorCodes.SeatTaken);
    }

    [Fact]
    public void DuplicateSeatsAreInvalid()
    {
        var e = Numbered(10);

        Fails(e.PlaceHold(new HoldRequest(Seats: ["1", "2", "1"]), Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.PlaceHold(new HoldRequest(Seats: ["1", "1"], AllowPartial: true), Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.BookSeats(["2", "2"], Options, T0), ErrorCodes.InvalidRequest);

        Assert.Equal((10, 0L), (e.Available, e.Version));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(901)]
    [InlineData(int.MaxValue)]
    public void TtlOutsideBoundsIsInvalid(int ttl)
    {
        var e = Numbered(10);

        Fails(e.PlaceHold(new HoldRequest(Quantity: 1, TtlSeconds: ttl), Options, T0), ErrorCodes.InvalidRequest);

        Assert.Equal(At(10), e.Hold(1, T0, ttl: 10).ExpiresAt);
        Assert.Equal(At(900), e.Hold(1, T0, ttl: 900).ExpiresAt);
        Assert.Equal(At(120), e.Hold(1, T0).ExpiresAt);
    }

    [Fact]
    public void CancellingTwiceIsRefusedAsCancelledAndAnUnknownBookingIsNotFound()
    {
        var e = Numbered(10);
        var booking = Ok(e.BookSeats(["3", "4"], Options, T0));

        var cancelled = Ok(e.Cancel(booking.BookingId, null, At(1)));
        Fails(e.Cancel(booking.BookingId, null, At(2)), ErrorCodes.BookingCancelled);

        Assert.Equal(BookingStatus.Cancelled, cancelled.Status);
        Assert.Equal(BookingStatus.Cancelled, Ok(e.GetBooking(booking.BookingId)).Status);
        Assert.Equal((10, 0, 2L), (e.Available, e.Booked, e.Version));
        Fails(e.Cancel("bkg_missing", null, At(3)), ErrorCodes.BookingNotFound);
    }

    [Fact]
    public void CancelReservationRefusesOtherBookingKinds()
    {
        var e = Numbered(10);
        var direct = Ok(e.BookSeats(["1"], Options, T0));
        var seat = Ok(e.ReserveSeat("2", "user-1", T0));
        var reservation = Ok(e.Reserve("partner-1", 2, Options, T0));
        Assert.Equal(1, e.ReservationCount);

        Fails(e.Cancel(direct.BookingId, BookingKind.Reservation, At(1)), ErrorCodes.ReservationNotFound);
        Fails(e.Cancel(seat.BookingId, BookingKind.Reservation, At(1)), ErrorCodes.ReservationNotFound);
        Fails(e.Cancel(reservation.BookingId, BookingKind.Direct, At(1)), ErrorCodes.BookingNotFound);
        Assert.Equal((4, 3L), (e.Booked, e.Version));

        Ok(e.Cancel(reservation.BookingId, BookingKind.Reservation, At(2)));
        Assert.Equal((0, 2, 4L), (e.ReservationCount, e.Booked, e.Version));
        Fails(e.Cancel(reservation.BookingId, BookingKind.Reservation, At(3)), ErrorCodes.ReservationCancelled);
        Fails(e.Cancel(reservation.BookingId, null, At(3)), ErrorCodes.ReservationCancelled);
    }

    [Fact]
    public void ReleasingABookedHoldIsRefused()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);
        Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(1)));

        Fails(e.ReleaseHold(hold.HoldId, At(2)), ErrorCodes.HoldAlreadyBooked);
        Fails(e.ExpireHold(hold.HoldId, At(2)), ErrorCodes.HoldAlreadyBooked);

        Assert.Equal((2, 2L), (e.Booked, e.Version));
    }

    [Fact]
    public void ReleasingTwiceIsRefusedAsReleasedAndFreesTheSeatsOnce()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);

        Assert.Equal(HoldStatus.Released, Ok(e.ReleaseHold(hold.HoldId, At(1))).Status);
        Fails(e.ReleaseHold(hold.HoldId, At(2)), ErrorCodes.HoldReleased);
        Fails(e.BookHold(hold.HoldId, hold.PaymentToken!, At(2)), ErrorCodes.HoldReleased);
        Fails(e.ReleaseHold("hld_missing", At(2)), ErrorCodes.HoldNotFound);

        Assert.Equal((10, 0, 2L), (e.Available, e.Held, e.Version));
    }

    [Fact]
    public void ExpiryReturnsSeatsWhenDue()
    {
        var e = Numbered(10);
        var hold = e.Hold(4, T0, ttl: 60);
        var released = e.Hold(1, T0, ttl: 30);
        Ok(e.ReleaseHold(released.HoldId, At(1)));
        Assert.Equal(At(60), e.NextExpiry);

        Assert.Equal(0, e.ExpireDue(At(59)));
        Assert.Equal(4, e.Held);
        Assert.Equal(1, e.ExpireDue(At(60)));
        Assert.Equal(0, e.ExpireDue(At(600)));

        Assert.Equal((10, 0, 4L), (e.Available, e.Held, e.Version));
        Assert.Null(e.NextExpiry);
        Assert.Equal(HoldStatus.Expired, Ok(e.GetHold(hold.HoldId, At(61))).Status);
        // Expiring an expired hold again is refused as expired and changes nothing.
        Fails(e.ExpireHold(hold.HoldId, At(62)), ErrorCodes.HoldExpired);
        Assert.Equal(4, e.Version);
        // The freed seats are the first ones offered again.
        Assert.Equal(["1", "2", "3", "4", "5"], e.Hold(5, At(63)).Seats);
    }

    [Fact]
    public void EveryOperationFirstExpiresDueHolds()
    {
        var e = Numbered(3);
        e.Hold(3, T0, ttl: 10);

        var booking = Ok(e.BookSeats(["2"], Options, At(10)));

        Assert.Equal(["2"], booking.Seats);
        Assert.Equal((2, 0, 1, 3L), (e.Available, e.Held, e.Booked, e.Version));
    }

    [Fact]
    public void SeatMapLabelsAreUsed()
    {
        var e = Mapped(new SeatRowDefinition("A", 3), new SeatRowDefinition("B", Labels: ["B-left", "B-right"]));

        Assert.Equal(5, e.Capacity);
        Assert.Equal(5, e.Details.Capacity);
        Assert.Equal(["A1", "A2", "A3", "B-left", "B-right"], e.Seats(T0).Seats.Select(s => s.Label));
        Assert.Equal(["A1", "A2"], e.Hold(2, T0).Seats);
        Assert.Equal(["B-right"], e.Hold(T0, "B-right").Seats);
        Assert.Equal(["A3", "B-left"], Ok(e.Reserve("partner-1", 2, Options, T0)).Seats);
        Fails(e.PlaceHold(new HoldRequest(Seats: ["A4"]), Options, T0), ErrorCodes.SeatNotFound);
        Fails(e.ReserveSeat("1", "user-1", T0), ErrorCodes.SeatNotFound);
        Fails(e.ReserveSeat("B-left", "user-1", T0), ErrorCodes.SeatTaken);
    }

    [Theory]
    [InlineData("007")]
    [InlineData("07")]
    [InlineData("0")]
    [InlineData("+7")]
    [InlineData("-7")]
    [InlineData("7.0")]
    [InlineData(" 7")]
    [InlineData("7 ")]
    [InlineData("٧")] // Arabic-Indic seven
    [InlineData("11")]
    [InlineData("")]
    public void NumberedSeatsOnlyAcceptCanonicalNumbers(string label)
    {
        var e = Numbered(10);

        Fails(e.PlaceHold(new HoldRequest(Seats: [label]), Options, T0), ErrorCodes.SeatNotFound);
        Fails(e.BookSeats([label], Options, T0), ErrorCodes.SeatNotFound);
        Fails(e.ReserveSeat(label, "user-1", T0), ErrorCodes.SeatNotFound);

        Assert.Equal(["7", "10"], e.Hold(T0, "7", "10").Seats);
    }

    [Fact]
    public void PartnerReservationsCountAndVersion()
    {
        var e = Numbered(500);
        var failures = new List<string>();
        var successes = 0;

        for (var i = 0; i < 170; i++)
        {
            var result = e.Reserve($"partner-{i % 7}", 3, Options, At(i));
            if (result.IsSuccess)
            {
                successes++;
            }
            else
            {
                failures.Add(result.Error!.Code);
            }
        }

        Assert.Equal(166, successes);
        Assert.Equal(Enumerable.Repeat(ErrorCodes.NotEnoughSeats, 4), failures);
        Assert.Equal((2, 498, 166, 166L), (e.Available, e.Booked, e.ReservationCount, e.Version));
        Assert.Equal(["499", "500"], Ok(e.Reserve("partner-x", 2, Options, At(200))).Seats);
    }

    [Fact]
    public void ReservationLimitsAreInvalid()
    {
        var e = Numbered(50);

        Fails(e.Reserve("partner-1", 0, Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.Reserve("partner-1", Options.MaxReservationSeats + 1, Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.Reserve(" ", 1, Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.Reserve(new string('p', 65), 1, Options, T0), ErrorCodes.InvalidRequest);
        Fails(e.ReserveSeat("1", "", T0), ErrorCodes.InvalidRequest);

        Assert.Equal(Options.MaxReservationSeats, Ok(e.Reserve(new string('p', 64), Options.MaxReservationSeats, Options, T0)).Seats.Count);
    }

    [Fact]
    public void EventValidation()
    {
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Concert", 0))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Concert", -1))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Concert", 1_000_001))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("  ", 10))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("", 10))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition(new string('n', 201), 10))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Con\ncert", 10))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Concert", 10, Venue: " "))?.Code);
        Assert.Null(Invalid(new EventDefinition("Concert", 1)));
        Assert.Null(Invalid(new EventDefinition(new string('n', 200), 1_000_000)));

        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", 2), new SeatRowDefinition("A", 1))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", Labels: ["x", "y", "x"]))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", 11), new SeatRowDefinition("A1", 1))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", 0))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", 3, ["x", "y"]))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", Labels: ["x y"]))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(4, new SeatRowDefinition("A", 3))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null, new SeatRowDefinition("A", 1_000_000), new SeatRowDefinition("B", 1))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(null)?.Code);
        Assert.Null(InvalidMap(3, new SeatRowDefinition("A", 3)));
        Assert.Null(InvalidMap(null, new SeatRowDefinition("A", 2, ["x", "y"])));
        // An explicit total_seats of 0 is a wrong capacity, not "take it from the map".
        Assert.Equal(ErrorCodes.InvalidRequest, InvalidMap(0, new SeatRowDefinition("A", 2))?.Code);
    }

    [Fact]
    public void TakeChangesReturnsNewRowsToInsertAndStoredRowsThatChangedToUpdate()
    {
        var e = Numbered(10);
        var changes = e.TakeChanges();
        Assert.True(changes.IsNewEvent);
        Assert.Empty(changes.NewHolds);
        Assert.Empty(changes.NewBookings);

        // Created and changed before one commit: inserted once, as they ended up; nothing to update.
        var booked = e.Hold(2, T0);
        var released = e.Hold(1, T0);
        var booking = Ok(e.BookHold(booked.HoldId, booked.PaymentToken!, At(1))).Booking;
        Ok(e.ReleaseHold(released.HoldId, At(1)));
        Ok(e.Cancel(booking.BookingId, null, At(2)));
        var direct = Ok(e.BookSeats(["9"], Options, At(3)));

        changes = e.TakeChanges();
        Assert.False(changes.IsNewEvent);
        Assert.Equal(new[] { booked.HoldId, released.HoldId }.Order(), changes.NewHolds.Select(h => h.Id).Order());
        Assert.Equal(new[] { booking.BookingId, direct.BookingId }.Order(), changes.NewBookings.Select(b => b.Id).Order());
        Assert.Equal(HoldStatus.Released, changes.NewHolds.Single(h => h.Id == released.HoldId).Status);
        Assert.Equal(BookingStatus.Cancelled, changes.NewBookings.Single(b => b.Id == booking.BookingId).Status);
        Assert.Empty(changes.ChangedHolds);
        Assert.Empty(changes.ChangedBookings);

        // Reads and refusals change nothing.
        Ok(e.GetHold(booked.HoldId, At(4)));
        Fails(e.BookHold(booked.HoldId, booked.PaymentToken!, At(4)), ErrorCodes.BookingCancelled);
        Fails(e.ReleaseHold(released.HoldId, At(4)), ErrorCodes.HoldReleased);
        e.Seats(At(4));
        changes = e.TakeChanges();
        Assert.Empty(changes.NewHolds.Concat(changes.ChangedHolds));
        Assert.Empty(changes.NewBookings.Concat(changes.ChangedBookings));

        // Rows a previous commit wrote are updated once, however often they changed since.
        var expiring = e.Hold(1, At(5), ttl: 10);
        Assert.Equal(expiring.HoldId, Assert.Single(e.TakeChanges().NewHolds).Id);
        e.ExpireDue(At(15));
        Ok(e.Cancel(direct.BookingId, null, At(16)));
        changes = e.TakeChanges();
        Assert.Equal(expiring.HoldId, Assert.Single(changes.ChangedHolds).Id);
        Assert.Equal(direct.BookingId, Assert.Single(changes.ChangedBookings).Id);
        Assert.Empty(changes.NewHolds);
        Assert.Empty(changes.NewBookings);
    }

    [Fact]
    public void AStartTimeOutsideTheYearsABoxOfficeSellsIsRefusedOnCreateAndOnChangeWhoeverCalls()
    {
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Gig", 10, StartsAt: new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero)))?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, Invalid(new EventDefinition("Gig", 10, StartsAt: T0.AddYears(11)))?.Code);
        var e = Create(new EventDefinition("Gig", 10, StartsAt: T0.AddYears(9)));

        var moved = e.Update(new EventChanges(StartsAt: T0.AddYears(10).AddDays(1)), Options, T0, null);

        Assert.Contains("years from now", moved.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(T0.AddYears(9), e.Details.StartsAt);
        Assert.True(e.Update(new EventChanges(StartsAt: EventStarts.Earliest), Options, T0, null).IsSuccess);
    }

    private static TicketError? InvalidMap(int? capacity, params SeatRowDefinition[] rows) =>
        Invalid(new EventDefinition("Concert", capacity, SeatMap: new SeatMapDefinition(rows)));
}

using TicketBoss.Grains;
using TicketBoss.Grains.Domain;
using static TicketBoss.Tests.Domain.TestEvents;

namespace TicketBoss.Tests.Domain;

/// <summary>
/// One rule for things that ended, for holds, bookings and reservations alike: an unknown id is not found; a read
/// of a known one succeeds and tells its status; a change to one that ended is refused with a code naming how it
/// ended. The only successful retry is booking a hold again with its token while that booking stands.
/// </summary>
public sealed class EndedThingsTests
{
    /// <summary>Each way a thing ends, and every change a caller can still ask of it.</summary>
    public static TheoryData<string> Endings() => ["released hold", "expired hold", "hold expired on request", "cancelled booking of a hold", "cancelled direct booking", "cancelled reservation"];

    [Theory]
    [MemberData(nameof(Endings))]
    public void EveryChangeToAnEndedThingIsRefusedWithACodeNamingHowItEndedAndChangesNothing(string ending)
    {
        var (e, id, token, code) = Ended(ending);
        e.ExpireDue(At(100));
        var before = (e.Version, e.Available, e.Held, e.Booked);
        var changes = new List<TicketError?>();

        if (token is not null)
        {
            changes.Add(e.ReleaseHold(id, At(100)).Error);
            changes.Add(e.ExpireHold(id, At(100)).Error);
            changes.Add(e.BookHold(id, token, At(100)).Error);
        }
        else
        {
            changes.Add(e.Cancel(id, null, At(100)).Error);
            changes.Add(e.Cancel(id, Ok(e.GetBooking(id)).Kind, At(100)).Error);
        }

        Assert.All(changes, error => Assert.Equal(code, error?.Code));
        Assert.Equal(before, (e.Version, e.Available, e.Held, e.Booked));
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public void AReadOfAnEndedThingSucceedsAndTellsItsStatus(string ending)
    {
        var (e, id, token, _) = Ended(ending);

        if (token is not null)
        {
            Assert.NotEqual(HoldStatus.Active, Ok(e.GetHold(id, At(100))).Status);
        }
        else
        {
            Assert.Equal(BookingStatus.Cancelled, Ok(e.GetBooking(id)).Status);
        }
    }

    [Fact]
    public void UnknownIdsAreNotFoundForEveryReadAndChange()
    {
        var e = Numbered(10);
        var reservation = Ok(e.Reserve("acme", 1, Options, T0));
        var direct = Ok(e.BookSeats(["9"], Options, T0));

        Fails(e.GetHold("hld_unknown.evt_test", T0), ErrorCodes.HoldNotFound);
        Fails(e.ReleaseHold("hld_unknown.evt_test", T0), ErrorCodes.HoldNotFound);
        Fails(e.ExpireHold("hld_unknown.evt_test", T0), ErrorCodes.HoldNotFound);
        Fails(e.BookHold("hld_unknown.evt_test", "token", T0), ErrorCodes.HoldNotFound);
        Fails(e.GetBooking("bkg_unknown.evt_test"), ErrorCodes.BookingNotFound);
        Fails(e.Cancel("bkg_unknown.evt_test", null, T0), ErrorCodes.BookingNotFound);
        // As reservations, other bookings and other partners' reservations are unknown too.
        Fails(e.GetBooking(direct.BookingId, onlyKind: BookingKind.Reservation), ErrorCodes.ReservationNotFound);
        Fails(e.GetBooking(reservation.BookingId, "globex", BookingKind.Reservation), ErrorCodes.ReservationNotFound);
        Fails(e.Cancel(reservation.BookingId, BookingKind.Reservation, T0, "globex"), ErrorCodes.ReservationNotFound);
        Assert.Equal("acme", Ok(e.GetBooking(reservation.BookingId, "acme", BookingKind.Reservation)).PartnerId);
    }

    [Fact]
    public void BookingAHoldAgainAnswersItsBookingOnlyWhileThatBookingStands()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);
        var booking = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(1))).Booking;
        Assert.True(Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(2))).Replayed);

        Ok(e.Cancel(booking.BookingId, null, At(3)));

        var again = e.BookHold(hold.HoldId, hold.PaymentToken!, At(4));
        Fails(again, ErrorCodes.BookingCancelled);
        Assert.Contains(booking.BookingId, again.Error!.Message);
        Assert.Equal((10, 0, 0), (e.Available, e.Held, e.Booked));
        // A wrong token learns nothing about the hold.
        Fails(e.BookHold(hold.HoldId, "wrong", At(4)), ErrorCodes.InvalidPaymentToken);
    }

    [Fact]
    public void ReleasingOrExpiringABookedHoldIsAConflictThatNamesTheBookingToCancel()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0);
        var booking = Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, At(1))).Booking;

        var released = e.ReleaseHold(hold.HoldId, At(2));

        Fails(released, ErrorCodes.HoldAlreadyBooked);
        Assert.Contains($"DELETE /bookings/{booking.BookingId}", released.Error!.Message);
        Fails(e.ExpireHold(hold.HoldId, At(2)), ErrorCodes.HoldAlreadyBooked);
    }

    [Fact]
    public void AHoldExpiredOnRequestSaysItExpiredThenNotAtItsOldTtl()
    {
        var e = Numbered(10);
        var hold = e.Hold(2, T0, ttl: 600);
        Ok(e.ExpireHold(hold.HoldId, At(5)));

        var refused = e.BookHold(hold.HoldId, hold.PaymentToken!, At(6));

        Fails(refused, ErrorCodes.HoldExpired);
        Assert.DoesNotContain($"{hold.ExpiresAt:O}", refused.Error!.Message);
        Assert.Contains($"expired at {At(5):O}", refused.Error.Message);
    }

    private static (TicketEvent Event, string Id, string? Token, string Code) Ended(string ending)
    {
        var e = Numbered(20);
        var hold = e.Hold(2, T0, ttl: 30);
        var (id, token) = (hold.HoldId, hold.PaymentToken);
        switch (ending)
        {
            case "released hold":
                Ok(e.ReleaseHold(id, At(1)));
                return (e, id, token, ErrorCodes.HoldReleased);
            case "expired hold":
                e.ExpireDue(At(30));
                return (e, id, token, ErrorCodes.HoldExpired);
            case "hold expired on request":
                Ok(e.ExpireHold(id, At(1)));
                return (e, id, token, ErrorCodes.HoldExpired);
            case "cancelled booking of a hold":
                Ok(e.Cancel(Ok(e.BookHold(id, token!, At(1))).Booking.BookingId, null, At(2)));
                return (e, id, token, ErrorCodes.BookingCancelled);
            case "cancelled direct booking":
                var booking = Ok(e.BookSeats(["15", "16"], Options, T0));
                Ok(e.Cancel(booking.BookingId, null, At(1)));
                return (e, booking.BookingId, null, ErrorCodes.BookingCancelled);
            default:
                var reservation = Ok(e.Reserve("acme", 3, Options, T0));
                Ok(e.Cancel(reservation.BookingId, BookingKind.Reservation, At(1)));
                return (e, reservation.BookingId, null, ErrorCodes.ReservationCancelled);
        }
    }
}

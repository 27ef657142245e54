namespace TicketBoss.Grains.Domain;

/// <summary>Bookings: from a hold, of named seats, partner reservations, single seats; and cancellation.</summary>
internal sealed partial class TicketEvent
{
    public Outcome<BookingReceipt> BookHold(string holdId, string paymentToken, DateTimeOffset now)
    {
        ExpireDue(now);
        if (!_holds.TryFind(holdId, out var hold))
        {
            return HoldNotFound(holdId);
        }
        if (!Secrets.TokensMatch(_holds.TokenOf(hold), paymentToken))
        {
            return new TicketError(ErrorCodes.InvalidPaymentToken,
                "the payment token does not match the hold: send the payment_token that POST /holds answered with this hold.");
        }
        // A retry is answered with the booking it made, whatever happened to the hold's time since; but only while
        // that booking stands: a cancelled one is not what the buyer asked for.
        if (_holds.BookingIdOf(hold) is { } existing && _bookings.TryGetValue(existing, out var earlier) && earlier.IsConfirmed)
        {
            return new BookingReceipt(ToInfo(earlier), Replayed: true);
        }
        if (!_holds.IsActive(hold))
        {
            return HoldNotActive(hold);
        }
        var booking = new Booking(Secrets.NewId("bkg") + "." + Id, BookingKind.Hold, _holds.SeatsOf(hold).ToArray(), now) { HoldId = _holds.IdOf(hold) };
        EndHold(hold, HoldStatus.Booked, now, booking.Id);
        AddBooking(booking);
        return new BookingReceipt(ToInfo(booking), Replayed: false);
    }

    public Outcome<BookingInfo> BookSeats(IReadOnlyList<string> labels, TicketingOptions options, DateTimeOffset now, long? expectedVersion = null)
    {
        ExpireDue(now);
        if (VersionMismatch(expectedVersion) is { } mismatch)
        {
            return mismatch;
        }
        var seats = FindSeats(labels, options);
        if (!seats.IsSuccess)
        {
            return seats.Error!;
        }
        if (seats.Value!.FirstOrDefault(seat => _seats[seat] != SeatStatus.Available, -1) is var taken and >= 0)
        {
            return SeatTaken(taken);
        }
        var booking = new Booking(Secrets.NewId("bkg") + "." + Id, BookingKind.Direct, seats.Value!, now);
        AddBooking(booking);
        return ToInfo(booking);
    }

    public Outcome<BookingInfo> Reserve(string partnerId, int quantity, TicketingOptions options, DateTimeOffset now)
    {
        ExpireDue(now);
        if (!EventRules.IsValidPartyId(partnerId))
        {
            return EventRules.Invalid($"partnerId must be 1 to {EventRules.MaxPartyIdLength} printable characters.");
        }
        if (quantity < 1 || quantity > options.MaxReservationSeats)
        {
            return EventRules.Invalid($"seats must be between 1 and {options.MaxReservationSeats}.");
        }
        if (quantity > Available)
        {
            return new TicketError(ErrorCodes.NotEnoughSeats, "Not enough seats left");
        }
        var booking = new Booking(Secrets.NewId("rsv") + "." + Id, BookingKind.Reservation, PickFree(quantity), now) { PartnerId = partnerId };
        AddBooking(booking);
        return ToInfo(booking);
    }

    public Outcome<BookingInfo> ReserveSeat(string label, string userId, DateTimeOffset now)
    {
        ExpireDue(now);
        if (!EventRules.IsValidPartyId(userId))
        {
            return EventRules.Invalid($"user_id must be 1 to {EventRules.MaxPartyIdLength} printable characters.");
        }
        if (!Layout.TryFind(label, out var seat))
        {
            return new TicketError(ErrorCodes.SeatNotFound, $"seat {Shorten(label)} not found: GET /seats lists the seats.");
        }
        if (_seats[seat] != SeatStatus.Available)
        {
            return new TicketError(ErrorCodes.SeatTaken, $"seat {label} is already taken: choose one that GET /seats lists as available.");
        }
        var booking = new Booking(Secrets.NewId("bkg") + "." + Id, BookingKind.Seat, [seat], now) { UserId = userId };
        AddBooking(booking);
        return ToInfo(booking);
    }

    /// <summary>
    /// A booking in any state (of the given kind, if any): a read of a known booking always succeeds and tells its
    /// status. With <paramref name="onlyPartner"/>, another partner's reservation is as good as unknown.
    /// </summary>
    public Outcome<BookingInfo> GetBooking(string bookingId, string? onlyPartner = null, BookingKind? onlyKind = null) =>
        Find(bookingId, onlyKind, onlyPartner) is { } booking ? ToInfo(booking) : BookingNotFound(bookingId, onlyKind);

    /// <summary>
    /// Cancels a confirmed booking (of the given kind, if any); its seats return. A cancelled one is refused as
    /// cancelled (<c>booking_cancelled</c>, <c>reservation_cancelled</c>). With <paramref name="onlyPartner"/>,
    /// another partner's reservation is as good as unknown.
    /// </summary>
    public Outcome<BookingInfo> Cancel(string bookingId, BookingKind? onlyKind, DateTimeOffset now, string? onlyPartner = null)
    {
        ExpireDue(now);
        if (Find(bookingId, onlyKind, onlyPartner) is not { } booking)
        {
            return BookingNotFound(bookingId, onlyKind);
        }
        if (!booking.IsConfirmed)
        {
            return BookingCancelled(booking);
        }
        booking.Status = BookingStatus.Cancelled;
        booking.CancelledAt = now;
        booking.EndedAt = now;
        booking.EndedVersion = Version + 1;
        _cancelled.Enqueue(booking);
        Mark(booking.Seats, SeatStatus.Available);
        ReservationCount -= booking.Kind == BookingKind.Reservation ? 1 : 0;
        Changed(booking);
        Version++;
        _tally.Cancelled.Add(booking.Kind);
        return ToInfo(booking);
    }

    private void AddBooking(Booking booking)
    {
        _bookings.Add(booking.Id, booking);
        Mark(booking.Seats, SeatStatus.Booked);
        ReservationCount += booking.Kind == BookingKind.Reservation ? 1 : 0;
        Created(booking);
        Version++;
        _tally.Booked.Add(booking.Kind);
        _tally.SeatsBooked += booking.Seats.Length;
    }

    private BookingInfo ToInfo(Booking booking) => new(
        booking.Id, Id, booking.Kind, Layout.LabelsOf(booking.Seats), booking.CreatedAt, booking.Status,
        booking.HoldId, booking.PartnerId, booking.UserId);

    private Booking? Find(string bookingId, BookingKind? onlyKind, string? onlyPartner) =>
        _bookings.TryGetValue(bookingId, out var booking) && (onlyKind is not { } kind || booking.Kind == kind) && !HiddenFrom(booking, onlyPartner)
            ? booking
            : null;

    private static TicketError BookingNotFound(string bookingId, BookingKind? onlyKind) => onlyKind == BookingKind.Reservation
        ? new TicketError(ErrorCodes.ReservationNotFound, $"reservation {Shorten(bookingId)} not found: use the reservationId that POST /reservations answered.")
        : new TicketError(ErrorCodes.BookingNotFound, $"booking {Shorten(bookingId)} not found: use the booking_id that POST /book or POST /bookings answered.");

    /// <summary>The refusal of a change to a cancelled booking, named after its kind.</summary>
    private static TicketError BookingCancelled(Booking booking) => booking.Kind == BookingKind.Reservation
        ? new TicketError(ErrorCodes.ReservationCancelled,
            $"reservation {booking.Id} was cancelled{At(booking.CancelledAt)}; its seats went back on sale: make a new reservation.")
        : new TicketError(ErrorCodes.BookingCancelled,
            $"booking {booking.Id} was cancelled{At(booking.CancelledAt)}; its seats went back on sale: book again.");

    /// <summary>A partner sees its own reservations only; other bookings are seen by whoever has their id.</summary>
    private static bool HiddenFrom(Booking booking, string? onlyPartner) =>
        onlyPartner is not null && booking.Kind == BookingKind.Reservation && booking.PartnerId != onlyPartner;
}

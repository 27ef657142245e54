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
            return new TicketError(ErrorCodes.InvalidPaymentToken, "the payment token does not match the hold.");
        }
        // An earlier booking of this hold is the answer, whatever happened to the hold's time since.
        if (_holds.BookingIdOf(hold) is { } existing && _bookings.TryGetValue(existing, out var earlier))
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
            return new TicketError(ErrorCodes.SeatTaken, $"seat {Layout.LabelOf(taken)} is taken.");
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
            return new TicketError(ErrorCodes.SeatNotFound, $"seat {Shorten(label)} not found.");
        }
        if (_seats[seat] != SeatStatus.Available)
        {
            return new TicketError(ErrorCodes.SeatTaken, $"seat {label} is already taken.");
        }
        var booking = new Booking(Secrets.NewId("bkg") + "." + Id, BookingKind.Seat, [seat], now) { UserId = userId };
        AddBooking(booking);
        return ToInfo(booking);
    }

    /// <summary>A booking; with <paramref name="onlyPartner"/>, another partner's reservation is as good as unknown.</summary>
    public Outcome<BookingInfo> GetBooking(string bookingId, string? onlyPartner = null) =>
        _bookings.TryGetValue(bookingId, out var booking) && !HiddenFrom(booking, onlyPartner)
            ? ToInfo(booking)
            : new TicketError(ErrorCodes.BookingNotFound, $"booking {Shorten(bookingId)} not found.");

    /// <summary>
    /// Cancels a confirmed booking (of the given kind, if any); its seats return. With <paramref name="onlyPartner"/>,
    /// another partner's reservation is as good as unknown.
    /// </summary>
    public Outcome<BookingInfo> Cancel(string bookingId, BookingKind? onlyKind, DateTimeOffset now, string? onlyPartner = null)
    {
        ExpireDue(now);
        if (!_bookings.TryGetValue(bookingId, out var booking) || !booking.IsConfirmed
            || (onlyKind is { } kind && booking.Kind != kind)
            || HiddenFrom(booking, onlyPartner))
        {
            return onlyKind == BookingKind.Reservation
                ? new TicketError(ErrorCodes.ReservationNotFound, $"reservation {Shorten(bookingId)} not found or already cancelled.")
                : new TicketError(ErrorCodes.BookingNotFound, $"booking {Shorten(bookingId)} not found or already cancelled.");
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

    /// <summary>A partner sees its own reservations only; other bookings are seen by whoever has their id.</summary>
    private static bool HiddenFrom(Booking booking, string? onlyPartner) =>
        onlyPartner is not null && booking.Kind == BookingKind.Reservation && booking.PartnerId != onlyPartner;
}

using Orleans;

namespace TicketBoss.Grains;

/// <summary>One event: its seats, holds, bookings and partner reservations. Keyed by event id.</summary>
[Alias("ticketboss.IEventGrain")]
public interface IEventGrain : IGrainWithStringKey
{
    Task<Outcome<EventSnapshot>> CreateAsync(EventDefinition definition);

    Task<Outcome<EventSnapshot>> GetSnapshotAsync();

    /// <summary>
    /// The committed snapshots after <paramref name="afterVersion"/> (every one while they are kept, else the
    /// latest), waiting up to <paramref name="waitMilliseconds"/> (at most 20 s) for the next change; an empty list when none came.
    /// </summary>
    Task<Outcome<IReadOnlyList<EventSnapshot>>> WatchAsync(long afterVersion, int waitMilliseconds);

    /// <summary>Changes details or capacity (never below what is held or booked); refused unless at <paramref name="expectedVersion"/> when given.</summary>
    Task<Outcome<EventSnapshot>> UpdateAsync(EventChanges changes, long? expectedVersion);

    Task<Outcome<SeatsView>> GetSeatsAsync();

    /// <summary>Holds a quantity of the best free seats (with <c>Together</c>, side by side in one row), or the named seats, for a limited time.</summary>
    Task<Outcome<HoldInfo>> HoldAsync(HoldRequest request);

    Task<Outcome<HoldInfo>> GetHoldAsync(string holdId);

    /// <summary>Gives an active hold's seats back (the buyer walked away); a hold that ended is refused with a code naming how.</summary>
    Task<Outcome<HoldInfo>> ReleaseHoldAsync(string holdId);

    /// <summary>Expires an active hold now, as if its TTL had passed; a hold that ended is refused with a code naming how.</summary>
    Task<Outcome<HoldInfo>> ExpireHoldAsync(string holdId);

    /// <summary>
    /// Books a hold with its payment token. A retry returns the same booking, even after the TTL, while that booking
    /// stands; once it is cancelled the retry is refused (<c>booking_cancelled</c>).
    /// </summary>
    Task<Outcome<BookingReceipt>> BookHoldAsync(string holdId, string paymentToken);

    /// <summary>Books named seats directly, all or nothing.</summary>
    Task<Outcome<BookingInfo>> BookSeatsAsync(IReadOnlyList<string> seats, long? expectedVersion = null);

    /// <summary>A booking; with <paramref name="partnerId"/>, another partner's reservation is not found.</summary>
    Task<Outcome<BookingInfo>> GetBookingAsync(string bookingId, string? partnerId = null);

    /// <summary>Cancels a confirmed booking of any kind; its seats return. A cancelled one is refused (<c>booking_cancelled</c>, <c>reservation_cancelled</c>).</summary>
    Task<Outcome<BookingInfo>> CancelBookingAsync(string bookingId);

    /// <summary>A partner's reservation: holds and books <paramref name="seats"/> free seats in one step.</summary>
    Task<Outcome<BookingInfo>> ReserveAsync(string partnerId, int seats);

    /// <summary>A partner reservation, confirmed or cancelled; any other kind of booking, or (with <paramref name="partnerId"/>) another partner's reservation, is not found.</summary>
    Task<Outcome<BookingInfo>> GetReservationAsync(string reservationId, string? partnerId);

    /// <summary>Cancels a partner reservation; any other kind of booking, or (with <paramref name="partnerId"/>) another partner's reservation, is not found.</summary>
    Task<Outcome<BookingInfo>> CancelReservationAsync(string reservationId, string? partnerId);

    /// <summary>Books one named seat for a user.</summary>
    Task<Outcome<BookingInfo>> ReserveSeatAsync(string seat, string userId);
}

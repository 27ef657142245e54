namespace TicketBoss.Grains;

/// <summary>The stable error codes of the ticketing domain.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string EventNotFound = "event_not_found";
    public const string EventExists = "event_exists";
    public const string HoldNotFound = "hold_not_found";
    public const string BookingNotFound = "booking_not_found";
    public const string ReservationNotFound = "reservation_not_found";
    public const string SeatNotFound = "seat_not_found";
    public const string NotEnoughSeats = "not_enough_seats";
    public const string SeatTaken = "seat_taken";
    public const string HoldExpired = "hold_expired";
    public const string HoldReleased = "hold_released";
    public const string HoldAlreadyBooked = "hold_already_booked";
    public const string InvalidPaymentToken = "invalid_payment_token";

    /// <summary>A <c>together</c> hold found no row with that many adjacent free seats (though enough seats are free).</summary>
    public const string NotEnoughAdjacentSeats = "not_enough_adjacent_seats";

    /// <summary>The booking (or the booking a hold became) was cancelled: it can no longer be changed or booked again.</summary>
    public const string BookingCancelled = "booking_cancelled";

    /// <summary>The partner reservation was cancelled: it can no longer be changed.</summary>
    public const string ReservationCancelled = "reservation_cancelled";

    /// <summary>The request named the event version it expected (If-Match) and the event is at another one.</summary>
    public const string VersionMismatch = "version_mismatch";

    /// <summary>A smaller capacity would drop seats that are held or booked.</summary>
    public const string CapacityBelowTaken = "capacity_below_taken";
}

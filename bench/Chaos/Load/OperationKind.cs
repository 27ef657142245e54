namespace TicketBoss.Chaos.Load;

/// <summary>What a recorded request was for.</summary>
internal enum OperationKind
{
    CreateEvent,
    Hold,
    SeatHold,
    Book,
    Release,
    DirectBooking,
    CancelBooking,
    Reserve,
    CancelReservation,
    ReadEvent,
}

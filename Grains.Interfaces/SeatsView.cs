namespace TicketBoss.Grains;

/// <summary>Every seat of an event and its state.</summary>
public sealed record SeatsView(EventSnapshot Event, IReadOnlyList<SeatState> Seats);

/// <summary>One seat: its label and whether it is available, held or booked.</summary>
public sealed record SeatState(string Label, SeatStatus Status);

/// <summary>The state of one seat.</summary>
public enum SeatStatus
{
    Available,
    Held,
    Booked,
}

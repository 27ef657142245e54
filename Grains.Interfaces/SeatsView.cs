namespace TicketBoss.Grains;

/// <summary>Every seat of an event and its state.</summary>
public sealed record SeatsView(EventSnapshot Event, IReadOnlyList<SeatState> Seats);

/// <summary>One seat: its label, whether it is available, held or booked, and (on a seat map) its section and row.</summary>
public sealed record SeatState(string Label, SeatStatus Status, string? Section = null, string? Row = null);

/// <summary>The state of one seat.</summary>
// A byte: an event keeps one per seat in memory, so a 50,000-seat arena costs 49 KiB rather than 195.
public enum SeatStatus : byte
{
    Available,
    Held,
    Booked,
}

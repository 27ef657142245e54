namespace TicketBoss.Grains;

/// <summary>Every seat of an event and its state.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.SeatsView")]
public sealed record SeatsView([property: Id(0)] EventSnapshot Event, [property: Id(1)] IReadOnlyList<SeatState> Seats);

/// <summary>One seat: its label, whether it is available, held or booked, and (on a seat map) its section and row.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.SeatState")]
public sealed record SeatState([property: Id(0)] string Label, [property: Id(1)] SeatStatus Status, [property: Id(2)] string? Section = null, [property: Id(3)] string? Row = null);

/// <summary>The state of one seat.</summary>
// A byte: an event keeps one per seat in memory, so a 50,000-seat arena costs 49 KiB rather than 195.
[GenerateSerializer, Alias("ticketboss.SeatStatus")]
public enum SeatStatus : byte
{
    Available,
    Held,
    Booked,
}

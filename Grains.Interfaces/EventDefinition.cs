namespace TicketBoss.Grains;

/// <summary>What an event is created from. With a seat map, capacity may be left out (null): it is the map's size.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.EventDefinition")]
public sealed record EventDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int? Capacity,
    [property: Id(2)] string? Venue = null,
    [property: Id(3)] DateTimeOffset? StartsAt = null,
    [property: Id(4)] SeatMapDefinition? SeatMap = null);

/// <summary>The start times an event may have: dates outside them are typing mistakes (a year 0024, 2206 for 2026).</summary>
public static class EventStarts
{
    /// <summary>The earliest start accepted.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How many years ahead of now an event may start.</summary>
    public const int MaxYearsAhead = 10;

    /// <summary>The latest start accepted at <paramref name="now"/>.</summary>
    public static DateTimeOffset Latest(DateTimeOffset now) => now.AddYears(MaxYearsAhead);
}

/// <summary>
/// Labelled seats in order of preference: either rows alone, or sections of rows (best section first).
/// Quantity holds take adjacent seats of one row, searching in this order; within a row they take the run of seats
/// nearest its centre, or with <see cref="Preference"/> <c>"first"</c> the leftmost run (see <see cref="SeatPreferences"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketboss.SeatMapDefinition")]
public sealed record SeatMapDefinition(
    [property: Id(0)] IReadOnlyList<SeatRowDefinition>? Rows = null,
    [property: Id(1)] IReadOnlyList<SeatSectionDefinition>? Sections = null,
    [property: Id(2)] string? Preference = null);

/// <summary>The values of <see cref="SeatMapDefinition.Preference"/>: where in a row the best seats are.</summary>
public static class SeatPreferences
{
    /// <summary>The default: the run of free seats nearest the middle of the row.</summary>
    public const string Centre = "centre";

    /// <summary>The leftmost run of free seats (seats in the order the row lists them).</summary>
    public const string First = "first";
}

/// <summary>A named part of the house (stalls, balcony, ...) and its rows, best first.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.SeatSectionDefinition")]
public sealed record SeatSectionDefinition([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<SeatRowDefinition> Rows);

/// <summary>A row of seats: labelled <c>{Row}{n}</c> for n = 1..<see cref="Seats"/>, or by explicit <see cref="Labels"/>.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.SeatRowDefinition")]
public sealed record SeatRowDefinition([property: Id(0)] string Row, [property: Id(1)] int Seats = 0, [property: Id(2)] IReadOnlyList<string>? Labels = null);

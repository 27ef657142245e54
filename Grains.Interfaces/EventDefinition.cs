namespace TicketBoss.Grains;

/// <summary>What an event is created from. With a seat map, capacity may be left out (null): it is the map's size.</summary>
public sealed record EventDefinition(
    string Name,
    int? Capacity,
    string? Venue = null,
    DateTimeOffset? StartsAt = null,
    SeatMapDefinition? SeatMap = null);

/// <summary>
/// Labelled seats in order of preference: either rows alone, or sections of rows (best section first).
/// Quantity holds take adjacent seats of one row, searching in this order.
/// </summary>
public sealed record SeatMapDefinition(IReadOnlyList<SeatRowDefinition>? Rows = null, IReadOnlyList<SeatSectionDefinition>? Sections = null);

/// <summary>A named part of the house (stalls, balcony, ...) and its rows, best first.</summary>
public sealed record SeatSectionDefinition(string Name, IReadOnlyList<SeatRowDefinition> Rows);

/// <summary>A row of seats: labelled <c>{Row}{n}</c> for n = 1..<see cref="Seats"/>, or by explicit <see cref="Labels"/>.</summary>
public sealed record SeatRowDefinition(string Row, int Seats = 0, IReadOnlyList<string>? Labels = null);

namespace TicketBoss.Grains;

/// <summary>What an event is created from. With a seat map, capacity may be left out (null): it is the map's size.</summary>
public sealed record EventDefinition(
    string Name,
    int? Capacity,
    string? Venue = null,
    DateTimeOffset? StartsAt = null,
    SeatMapDefinition? SeatMap = null);

/// <summary>Labelled seats, row by row, in order of preference.</summary>
public sealed record SeatMapDefinition(IReadOnlyList<SeatRowDefinition> Rows);

/// <summary>A row of seats: labelled <c>{Row}{n}</c> for n = 1..<see cref="Seats"/>, or by explicit <see cref="Labels"/>.</summary>
public sealed record SeatRowDefinition(string Row, int Seats = 0, IReadOnlyList<string>? Labels = null);

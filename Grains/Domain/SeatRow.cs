namespace TicketBoss.Grains.Domain;

/// <summary>One row of a seat map: its section (null when the map has none), its name, and its seats <c>First..First+Count-1</c>.</summary>
internal sealed record SeatRow(string? Section, string Name, int First, int Count)
{
    public int End => First + Count;
}

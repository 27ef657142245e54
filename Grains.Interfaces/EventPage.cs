namespace TicketBoss.Grains;

/// <summary>A page of events; <see cref="Next"/> is the cursor for the following page, null on the last.</summary>
public sealed record EventPage(IReadOnlyList<EventSnapshot> Items, string? Next);

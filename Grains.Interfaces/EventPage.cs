namespace TicketBoss.Grains;

/// <summary>A page of events; <see cref="Next"/> is the cursor for the following page, null on the last.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.EventPage")]
public sealed record EventPage([property: Id(0)] IReadOnlyList<EventSnapshot> Items, [property: Id(1)] string? Next);

namespace TicketBoss.Grains;

/// <summary>Changes to an event's details or capacity; null members stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.EventChanges")]
public sealed record EventChanges([property: Id(0)] string? Name = null, [property: Id(1)] string? Venue = null, [property: Id(2)] DateTimeOffset? StartsAt = null, [property: Id(3)] int? Capacity = null);

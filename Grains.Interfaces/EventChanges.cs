namespace TicketBoss.Grains;

/// <summary>Changes to an event's details or capacity; null members stay as they are.</summary>
public sealed record EventChanges(string? Name = null, string? Venue = null, DateTimeOffset? StartsAt = null, int? Capacity = null);

using Orleans;

namespace TicketBoss.Grains;

/// <summary>Reads across all events: the event list and service-wide counts. Use the key <c>"all"</c>.</summary>
[Alias("ticketboss.IEventDirectoryGrain")]
public interface IEventDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Events ordered by id, after <paramref name="after"/> (exclusive).</summary>
    Task<EventPage> ListAsync(string? after, int pageSize);

    Task<TicketStats> GetStatsAsync();
}

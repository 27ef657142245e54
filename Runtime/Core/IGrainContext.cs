namespace TicketBoss.Runtime;

/// <summary>The runtime side of a grain: what an activation offers the grain it hosts.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }
    IGrainFactory GrainFactory { get; }
    Task WriteStateAsync();
    void StageReminder(string name, DateTimeOffset? dueAt);
    Task<DateTimeOffset?> GetReminderDueAsync(string name);
    void DeactivateOnIdle();
    void ReleaseTurn();
}

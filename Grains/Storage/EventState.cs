using TicketBoss.Grains.Domain;

namespace TicketBoss.Grains.Storage;

/// <summary>The event grain's persistent state: the event (null until created) and what its next commit must respect.</summary>
internal sealed class EventState
{
    public TicketEvent? Event { get; set; }

    /// <summary>
    /// The registration of the expiry reminder that a live hold needs. A commit starts only once it has completed,
    /// so that no hold is durable before the reminder that will return its seats.
    /// </summary>
    public Task ReminderChange { get; set; } = Task.CompletedTask;

    /// <summary>
    /// Set by the first commit that failed: memory then holds changes that storage does not, so every later commit
    /// fails too, and the activation is dropped (the next call reloads what was committed).
    /// </summary>
    public bool Poisoned { get; set; }
}

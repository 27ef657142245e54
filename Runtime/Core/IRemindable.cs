namespace TicketBoss.Runtime;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable
{
    /// <summary>Called when a reminder is due. Ticks may repeat, so the grain reconciles from its own state.</summary>
    Task ReceiveReminder(string reminderName, DateTimeOffset dueAt);
}

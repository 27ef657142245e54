namespace TicketBoss.Runtime;

/// <summary>State of a persistent grain; its version fences every write.</summary>
public interface IGrainState
{
    /// <summary>Goes up by one on each successful change; the stored row holds the last committed value.</summary>
    long Version { get; }
}

namespace TicketBoss.Runtime.Invocation;

/// <summary>Delivers a call to wherever its grain is activated.</summary>
internal interface IGrainCallSender
{
    /// <summary>How long a caller waits for an answer before it gets a <see cref="TimeoutException"/>.</summary>
    TimeSpan CallTimeout { get; }

    void Send(GrainId grainId, WorkItem item);
}

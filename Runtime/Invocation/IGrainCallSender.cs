namespace TicketBoss.Runtime.Invocation;

/// <summary>Delivers a call to wherever its grain is activated and returns its answer.</summary>
internal interface IGrainCallSender
{
    /// <summary>How long a caller waits for an answer before it gets a <see cref="TimeoutException"/>.</summary>
    TimeSpan CallTimeout { get; }

    Task<T> InvokeAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline);
}

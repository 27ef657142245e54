namespace TicketBoss.Runtime;

/// <summary>The call did not take effect and may be retried: the activation lost its state or was shutting down.</summary>
public class GrainUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A state write lost the version fence: another activation committed first. Retryable.</summary>
public sealed class StateConflictException(string message, Exception? inner = null) : GrainUnavailableException(message, inner);

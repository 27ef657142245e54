namespace TicketBoss.Runtime;

/// <summary>The call did not take effect and may be retried: the activation lost its state, moved, or its silo was unreachable.</summary>
public class GrainUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A state write lost the version fence: another activation committed first. Retryable.</summary>
public sealed class StateConflictException(string message, Exception? inner = null) : GrainUnavailableException(message, inner);

/// <summary>The call could not be delivered: its silo refused the connection. Retryable; the silo is suspected.</summary>
public sealed class SiloUnreachableException(string message, Exception? inner = null) : GrainUnavailableException(message, inner);

/// <summary>
/// The call may or may not have taken effect: the connection to its silo or to PostgreSQL broke while it ran.
/// Not retried by the runtime; a caller that retries must be idempotent (book with the same token, or an idempotency key).
/// </summary>
public sealed class CallOutcomeUnknownException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The grain method threw on a remote silo; carries the remote exception's type and message.</summary>
public sealed class RemoteGrainException(string remoteType, string message) : Exception($"{remoteType}: {message}")
{
    public string RemoteType => remoteType;
}

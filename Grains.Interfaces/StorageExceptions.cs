using Orleans;
using Orleans.Runtime;

namespace TicketBoss.Grains;

/// <summary>The call did not take effect: PostgreSQL could not be reached, so nothing was written. Retry it.</summary>
[GenerateSerializer, Alias("ticketboss.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// The call may or may not have taken effect: the connection to PostgreSQL broke while its commit ran. A caller that
/// retries must be idempotent (book with the same token, or send an Idempotency-Key).
/// </summary>
[GenerateSerializer, Alias("ticketboss.CommitOutcomeUnknownException")]
public sealed class CommitOutcomeUnknownException : OrleansException
{
    public CommitOutcomeUnknownException(string message) : base(message)
    {
    }

    public CommitOutcomeUnknownException(string message, Exception inner) : base(message, inner)
    {
    }
}

using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Runtime.Cluster;

/// <summary>
/// Sends each call to the silo that owns its grain: the local catalog when that is this silo, otherwise over the
/// transport. A call that did not take effect (the grain moved, its silo was unreachable, a commit lost a fence)
/// is retried with a short backoff while its deadline allows; a call whose outcome is unknown is never retried.
/// </summary>
internal sealed class ClusterCallSender(
    ClusterMembership membership,
    SiloConnections connections,
    ActivationCatalog? local,
    TimeSpan callTimeout,
    int retries,
    int maxForwardHops) : IGrainCallSender
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(25);

    public TimeSpan CallTimeout => callTimeout;

    /// <summary>A sender for calls that arrived from another process: one attempt, the caller retries.</summary>
    public IGrainCallSender SingleAttempt => new SingleAttemptSender(this);

    public async Task<T> InvokeAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var backoff = FirstBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await DeliverAsync<T>(grainId, method, arguments, deadline).ConfigureAwait(false);
            }
            catch (GrainUnavailableException) when (attempt < retries && deadline.Remaining > backoff)
            {
                await Task.Delay(attempt == 0 ? TimeSpan.Zero : backoff).ConfigureAwait(false);
                backoff *= 2;
            }
        }
    }

    /// <summary>One attempt: run the call here if this silo owns the grain, else forward it to the owner.</summary>
    public Task<T> DeliverAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var owner = membership.OwnerOf(grainId)
            ?? throw new GrainUnavailableException("No silo of the cluster is active.");
        if (local is not null && owner.Id == membership.LocalSiloId)
        {
            return local.InvokeAsync<T>(grainId, method, arguments, deadline);
        }
        if (deadline.Hops >= maxForwardHops)
        {
            throw new GrainUnavailableException($"{grainId} was forwarded {deadline.Hops} times; the silos' views disagree for now.");
        }
        return CallRemoteAsync<T>(owner, grainId, method, arguments, deadline);
    }

    private async Task<T> CallRemoteAsync<T>(SiloMember owner, GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        try
        {
            return await connections.CallAsync<T>(owner, grainId, method, arguments, local is null ? deadline : deadline.Forwarded()).ConfigureAwait(false);
        }
        catch (SiloUnreachableException)
        {
            membership.Suspect(owner.Id);
            throw;
        }
    }

    private sealed class SingleAttemptSender(ClusterCallSender inner) : IGrainCallSender
    {
        public TimeSpan CallTimeout => inner.CallTimeout;

        public Task<T> InvokeAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline) =>
            inner.DeliverAsync<T>(grainId, method, arguments, deadline);
    }
}

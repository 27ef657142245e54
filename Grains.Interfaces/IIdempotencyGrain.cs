using Orleans;

namespace TicketBoss.Grains;

/// <summary>
/// One idempotency key of one caller (keyed <c>scope|key</c>): remembers the first answer for 24 h and refuses a
/// duplicate that arrives while the first request is still running.
/// </summary>
[Alias("ticketboss.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for a request with this fingerprint, or says why not (in progress, replay, reused).</summary>
    Task<IdempotencyClaim> ClaimAsync(string fingerprint);

    /// <summary>Stores the answer of the request that claimed the key; later claims replay it.</summary>
    Task CompleteAsync(string fingerprint, StoredResponse response);

    /// <summary>Releases the claim without storing an answer (5xx, 429, a failure): the key may be used again.</summary>
    Task AbandonAsync();
}

/// <summary>An HTTP answer kept for replay.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.StoredResponse")]
public sealed record StoredResponse([property: Id(0)] int Status, [property: Id(1)] Dictionary<string, string> Headers, [property: Id(2)] byte[] Body);

/// <summary>The outcome of claiming a key.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.IdempotencyClaim")]
public sealed record IdempotencyClaim([property: Id(0)] IdempotencyClaimKind Kind, [property: Id(1)] StoredResponse? Response = null);

/// <summary>Claimed (go ahead), in progress elsewhere, answered before (replay), or answered before for another request.</summary>
[GenerateSerializer, Alias("ticketboss.IdempotencyClaimKind")]
public enum IdempotencyClaimKind
{
    Claimed,
    InProgress,
    Replay,
    Mismatch,
}

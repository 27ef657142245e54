namespace TicketBoss.Grains;

/// <summary>
/// One caller's idempotency key. The grain is single-threaded, so a duplicate that arrives while the first request
/// runs is seen as in progress; the first answer is written (Orleans's ADO.NET storage, the silo's default) before it
/// is returned, so a retry replays it after any restart.
/// </summary>
internal sealed class IdempotencyGrain([PersistentState("idempotency")] IPersistentState<IdempotencyRecord> record, TimeProvider time)
    : Grain, IIdempotencyGrain
{
    /// <summary>How long an answer is kept for replay.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // A claim whose request never completed (its gateway died) is released after this long.
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _claimedUntil;

    public Task<IdempotencyClaim> ClaimAsync(string fingerprint)
    {
        var now = time.GetUtcNow();
        if (record.State is { Response: { } response } answer && answer.ExpiresAt > now)
        {
            return Task.FromResult(answer.Fingerprint == fingerprint
                ? new IdempotencyClaim(IdempotencyClaimKind.Replay, response)
                : new IdempotencyClaim(IdempotencyClaimKind.Mismatch));
        }
        if (_claimedUntil > now)
        {
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.InProgress));
        }
        _claimedUntil = now + ClaimLease;
        return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.Claimed));
    }

    public async Task CompleteAsync(string fingerprint, StoredResponse response)
    {
        record.State = new IdempotencyRecord { Fingerprint = fingerprint, Response = response, ExpiresAt = time.GetUtcNow() + Retention };
        try
        {
            await record.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The record may or may not have landed: the next activation reads it again instead of trusting memory.
            // The storage's exception stays here: a caller in another process could not read the driver's inside it.
            DeactivateOnIdle();
            throw new CommitOutcomeUnknownException($"the idempotency record was not confirmed: {e.Message}");
        }
        _claimedUntil = null;
    }

    public Task AbandonAsync()
    {
        _claimedUntil = null;
        return Task.CompletedTask;
    }
}

/// <summary>The first answer given for an idempotency key, and until when it is replayed.</summary>
[GenerateSerializer, Alias("ticketboss.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public string Fingerprint { get; set; } = "";

    [Id(1)] public StoredResponse? Response { get; set; }

    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
}

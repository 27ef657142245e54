using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TicketBoss.Runtime;

namespace TicketBoss.Grains;

/// <summary>
/// One caller's idempotency key. The grain is single-threaded, so a duplicate that arrives while the first request
/// runs is seen as in progress; the first answer is written to <c>idempotency_records</c> before it is returned,
/// so a retry replays it after any restart.
/// </summary>
internal sealed class IdempotencyGrain(NpgsqlDataSource dataSource, TimeProvider time) : Grain, IIdempotencyGrain
{
    /// <summary>How long an answer is kept for replay.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // A claim whose request never completed (its gateway died) is released after this long.
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    private (string Fingerprint, StoredResponse Response)? _answer;
    private bool _loaded;
    private DateTimeOffset? _claimedUntil;

    public async Task<IdempotencyClaim> ClaimAsync(string fingerprint)
    {
        if (!_loaded)
        {
            try
            {
                _answer = await LoadAsync();
            }
            catch (NpgsqlException e)
            {
                // Only a read failed: nothing was claimed, so the caller may simply retry.
                throw new GrainUnavailableException($"The idempotency record could not be read: {e.Message}", e);
            }
            _loaded = true;
        }
        if (_answer is { } answer)
        {
            return answer.Fingerprint == fingerprint
                ? new IdempotencyClaim(IdempotencyClaimKind.Replay, answer.Response)
                : new IdempotencyClaim(IdempotencyClaimKind.Mismatch);
        }
        if (_claimedUntil > time.GetUtcNow())
        {
            return new IdempotencyClaim(IdempotencyClaimKind.InProgress);
        }
        _claimedUntil = time.GetUtcNow() + ClaimLease;
        return new IdempotencyClaim(IdempotencyClaimKind.Claimed);
    }

    public async Task CompleteAsync(string fingerprint, StoredResponse response)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO idempotency_records (record_key, fingerprint, status, headers, body, expires_at)
            VALUES ($1, $2, $3, $4, $5, now() + $6)
            ON CONFLICT (record_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                headers = excluded.headers, body = excluded.body, created_at = now(), expires_at = excluded.expires_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = GetPrimaryKeyString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fingerprint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = response.Status });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(response.Headers), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = response.Body });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = Retention, NpgsqlDbType = NpgsqlDbType.Interval });
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The record may or may not have landed: the next claim reads it again instead of trusting memory.
            // The claim stays, so a duplicate still waits while the gateway retries this write.
            _loaded = false;
            throw;
        }
        _answer = (fingerprint, response);
        _claimedUntil = null;
    }

    public Task AbandonAsync()
    {
        _claimedUntil = null;
        return Task.CompletedTask;
    }

    private async Task<(string, StoredResponse)?> LoadAsync()
    {
        await using var command = dataSource.CreateCommand(
            "SELECT fingerprint, status, headers::text, body FROM idempotency_records WHERE record_key = $1 AND expires_at > now()");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = GetPrimaryKeyString() });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
        return (reader.GetString(0), new StoredResponse(reader.GetInt32(1), headers, reader.GetFieldValue<byte[]>(3)));
    }
}

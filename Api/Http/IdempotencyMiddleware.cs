using System.Security.Cryptography;
using TicketBoss.Api.Security;
using TicketBoss.Grains;

namespace TicketBoss.Api.Http;

/// <summary>
/// <c>Idempotency-Key</c> on POST and DELETE, scoped to the caller (its API key, or the public scope when open):
/// the first answer (status, body, Content-Type, Location, ETag) is stored for 24 h and replayed with
/// <c>Idempotent-Replayed: true</c>; a duplicate while the first runs gets 409 with Retry-After; the same key for
/// another request gets 422. 5xx and 429 answers are not stored, so those may be retried.
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, IGrainFactory grains, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 255;
    private static readonly string[] KeptHeaders = ["Content-Type", "Location", "ETag"];

    // Long enough to outlast a PostgreSQL restart or a silo's failover, short enough to keep a caller waiting.
    private static readonly TimeSpan StoreRetryBudget = TimeSpan.FromSeconds(8);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsDelete(request.Method)) || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await CallerRequirements.Refusal(context, StatusCodes.Status400BadRequest, "invalid_idempotency_key",
                $"Idempotency-Key must be 1 to {MaxKeyLength} printable ASCII characters.").ExecuteAsync(context);
            return;
        }
        string fingerprint;
        try
        {
            fingerprint = await FingerprintAsync(request);
        }
        catch (BadHttpRequestException e)
        {
            await CallerRequirements.Refusal(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : ErrorCodes.InvalidRequest,
                e.Message).ExecuteAsync(context);
            return;
        }
        catch (IOException)
        {
            var malformed = JsonBody.MalformedBody;
            await CallerRequirements.Refusal(context, malformed.Status, malformed.Code, malformed.Message).ExecuteAsync(context);
            return;
        }
        var record = grains.GetGrain<IIdempotencyGrain>($"{ApiCaller.Of(context).Scope}|{key}");
        var claim = await record.ClaimAsync(fingerprint);
        switch (claim.Kind)
        {
            case IdempotencyClaimKind.Replay:
                await ReplayAsync(context, claim.Response!);
                return;
            case IdempotencyClaimKind.Mismatch:
                await CallerRequirements.Refusal(context, StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request.").ExecuteAsync(context);
                return;
            case IdempotencyClaimKind.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await CallerRequirements.Refusal(context, StatusCodes.Status409Conflict, "idempotency_key_in_use",
                    "a request with this Idempotency-Key is still being processed; retry shortly.").ExecuteAsync(context);
                return;
        }
        await RunAndStoreAsync(context, record, fingerprint);
    }

    private async Task RunAndStoreAsync(HttpContext context, IIdempotencyGrain record, string fingerprint)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await AbandonAsync(record);
            throw;
        }
        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status >= 500 || status == StatusCodes.Status429TooManyRequests)
        {
            await AbandonAsync(record);
        }
        else
        {
            var headers = KeptHeaders
                .Where(h => context.Response.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => context.Response.Headers[h].ToString());
            await StoreAsync(record, fingerprint, new StoredResponse(status, headers, buffer.ToArray()), context.Request);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        context.Response.StatusCode = stored.Status;
        foreach (var (name, value) in stored.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (stored.Body.Length > 0)
        {
            await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
        }
    }

    /// <summary>
    /// Records the answer for replay. The request has taken effect by now, so the record is worth a few retries
    /// (PostgreSQL restarting, the grain's silo lost: the write is an upsert, safe to repeat) before the caller is
    /// answered. If it still cannot be written, the real answer is returned all the same; a retry with this key
    /// will then run the request again, as it would with no key.
    /// </summary>
    private async Task StoreAsync(IIdempotencyGrain record, string fingerprint, StoredResponse response, HttpRequest request)
    {
        var giveUpAt = DateTime.UtcNow + StoreRetryBudget;
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay *= 2)
        {
            try
            {
                await record.CompleteAsync(fingerprint, response);
                return;
            }
            catch (Exception e) when (GrainFailures.IsGrainFailure(e))
            {
                if (DateTime.UtcNow + delay > giveUpAt || request.HttpContext.RequestAborted.IsCancellationRequested)
                {
                    LogNotRecorded(logger, request.Method, request.Path, response.Status, e.Message);
                    return;
                }
            }
            await Task.Delay(delay);
        }
    }

    /// <summary>Releases the claim so that a retry may run; if that fails too, the claim's lease runs out by itself.</summary>
    private static async Task AbandonAsync(IIdempotencyGrain record)
    {
        try
        {
            await record.AbandonAsync();
        }
        catch (Exception e) when (GrainFailures.IsGrainFailure(e))
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status} but its Idempotency-Key record was not written: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string method, string path, int status, string reason);

    /// <summary>The method, path and body: what must be the same for a retry to be the same request.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

}

namespace TicketBoss.Api.Security;

/// <summary>Who is calling, as established from the API key (or its absence).</summary>
public sealed record ApiCaller(ApiRole Role, string? PartnerId)
{
    public static readonly ApiCaller Anonymous = new(ApiRole.Anonymous, null);

    public static readonly ApiCaller Admin = new(ApiRole.Admin, null);

    /// <summary>Whose requests these are, for rate limits and idempotency records: the key's holder, else one public scope.</summary>
    public string Scope => Role switch
    {
        ApiRole.Partner => $"partner:{PartnerId}",
        ApiRole.Admin => "admin",
        _ => "public",
    };

    /// <summary>
    /// The partner whose reservations alone this caller may see or cancel: null for no limit (an admin, or an open
    /// API); a caller without a partner key gets "", which owns no reservation.
    /// </summary>
    public string? ReservationScope(ApiKeyRing keys) => !keys.Enabled || Role == ApiRole.Admin ? null : PartnerId ?? "";

    /// <summary>The caller of the current request (set by <see cref="ApiKeyMiddleware"/>).</summary>
    public static ApiCaller Of(HttpContext context) => context.Features.Get<ApiCaller>() ?? Anonymous;
}

/// <summary>What a key lets its holder do; each role includes the ones before it.</summary>
public enum ApiRole
{
    Anonymous,
    Partner,
    Admin,
}

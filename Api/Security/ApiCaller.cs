namespace TicketBoss.Api.Security;

/// <summary>Who is calling, as established from the API key (or its absence).</summary>
public sealed record ApiCaller(ApiRole Role, string? PartnerId)
{
    public static readonly ApiCaller Anonymous = new(ApiRole.Anonymous, null);

    public static readonly ApiCaller Admin = new(ApiRole.Admin, null);

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

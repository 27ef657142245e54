namespace TicketBoss.Api.Security;

/// <summary>
/// Establishes the caller from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>. A key that matches nothing is
/// refused (401) on every route; no key at all makes an anonymous caller, which routes may refuse (see
/// <see cref="CallerRequirements"/>). Keys are never logged.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyRing keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (keys.Enabled && PresentedKey(context.Request) is { } presented)
        {
            if (keys.Resolve(presented) is not { } caller)
            {
                return CallerRequirements.Refusal(context, StatusCodes.Status401Unauthorized, "invalid_api_key", "the API key is not valid.").ExecuteAsync(context);
            }
            context.Features.Set(caller);
        }
        return next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } key)
        {
            return key;
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}

using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;

namespace TicketBoss.Api.Security;

/// <summary>Per-route requirements on the caller; they apply only when API keys are configured.</summary>
public static class CallerRequirements
{
    /// <summary>Answers 401 without a key and 403 with a key of a lesser role.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.RequestServices.GetRequiredService<ApiKeyRing>().Enabled)
            {
                return await next(context);
            }
            var caller = ApiCaller.Of(http);
            if (caller.Role >= role)
            {
                return await next(context);
            }
            return caller.Role == ApiRole.Anonymous
                ? Refusal(http, StatusCodes.Status401Unauthorized, "api_key_required", $"this route needs an API key ({role.ToString().ToLowerInvariant()}).")
                : Refusal(http, StatusCodes.Status403Forbidden, "forbidden", $"this route needs an {role.ToString().ToLowerInvariant()} key.");
        });

    /// <summary>Writes a refusal in the shape of the route's family: <c>{"error"}</c> for partner routes, a problem otherwise.</summary>
    public static IResult Refusal(HttpContext context, int status, string code, string message)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        var partnerFamily = context.Request.Path.Value?.Contains("/reservations", StringComparison.Ordinal) == true;
        return partnerFamily
            ? Results.Json(new PartnerError(message), JsonFamilies.Partner, statusCode: status)
            : Problems.Problem(status, code, message);
    }
}

using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using TicketBoss.Api.Contracts;

namespace TicketBoss.Api.Endpoints;

/// <summary>
/// Documents the answers the gateway's middleware can give on a route besides the route's own, so that the OpenAPI
/// document lists every status a route can answer. Each rule states which routes its middleware reaches; it runs
/// last (a group's <c>Finally</c> convention), when the route's own metadata (method, body, role) is complete.
/// </summary>
public static class CommonAnswers
{
    /// <summary>Marks a route that answers from the gateway alone: no grain call, so no 503.</summary>
    public sealed class NoGrainCall;

    public static RouteHandlerBuilder AnswersWithoutGrains(this RouteHandlerBuilder route) => route.WithMetadata(new NoGrainCall());

    public static void DocumentCommonAnswers(this IEndpointConventionBuilder routes) => routes.Finally(endpoint =>
    {
        if (endpoint is not RouteEndpointBuilder route)
        {
            return;
        }
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
        var changes = methods.Any(m => HttpMethods.IsPost(m) || HttpMethods.IsDelete(m));
        var hasBody = endpoint.Metadata.OfType<IAcceptsMetadata>().Any();
        var hasParameters = route.RoutePattern.Parameters.Count > 0;
        var partner = route.RoutePattern.RawText?.Contains("/reservations", StringComparison.Ordinal) == true;
        var documented = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();

        void Add(int status, string description, bool problemShape = false)
        {
            if (documented.Add(status))
            {
                var (type, contentType) = partner && !problemShape
                    ? (typeof(PartnerError), "application/json")
                    : (typeof(ProblemDetails), "application/problem+json");
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type, [contentType]) { Description = description });
            }
        }

        if (hasBody)
        {
            Add(400, "the body is not a JSON object of this request: the answer names the field (unknown, missing or of the wrong type)");
            Add(413, $"the body is larger than {GatewayApp.MaxRequestBodyBytes} bytes");
            Add(415, "the body is not sent as Content-Type: application/json", problemShape: true);
        }
        if (changes)
        {
            Add(400, "Idempotency-Key is not 1-255 printable ASCII characters");
            Add(409, "idempotency_key_in_use: a request with this Idempotency-Key is still running (Retry-After)");
            Add(422, "idempotency_key_reused: this Idempotency-Key was used for a different request");
        }
        // Last of the 400s: on a partner route the family's {"error"} shape of the others is the one callers meet.
        if (hasParameters)
        {
            Add(400, "a path segment is '.' or '..' (plain or percent-encoded)", problemShape: true);
        }
        Add(401, "invalid_api_key: the API key presented matches none (only when keys are configured)");
        Add(429, "rate_limited: this caller's requests exceed the rate limit (Retry-After)");
        if (!endpoint.Metadata.OfType<NoGrainCall>().Any())
        {
            Add(503, "unavailable (retry) or outcome_unknown (check before retrying): the cluster or PostgreSQL did not answer", problemShape: true);
        }
    });
}

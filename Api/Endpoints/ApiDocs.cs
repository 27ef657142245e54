namespace TicketBoss.Api.Endpoints;

/// <summary>Short helpers that describe a route for the OpenAPI document: summary, body, answers, errors.</summary>
public static class ApiDocs
{
    /// <summary>A summary and the RFC 9457 problem answers the route can give.</summary>
    public static RouteHandlerBuilder Doc(this RouteHandlerBuilder route, string summary, params int[] problems)
    {
        route.WithSummary(summary);
        foreach (var status in problems)
        {
            route.ProducesProblem(status);
        }
        return route;
    }

    /// <summary>The JSON body the route reads, and an example that "Try it out" in /docs can send as it is (see <see cref="RequestExample"/>).</summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder route, string example, string? note = null) where T : notnull =>
        route.Accepts<T>("application/json").WithMetadata(new RequestExample(example, note));

    /// <summary>A successful answer with a JSON body.</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder route, int status = StatusCodes.Status200OK) => route.Produces<T>(status);

    /// <summary>A conditional read: 304 (with the ETag, no body) when If-None-Match names the current version.</summary>
    public static RouteHandlerBuilder Conditional(this RouteHandlerBuilder route) => route.Produces(StatusCodes.Status304NotModified);

    /// <summary>A successful answer without a body.</summary>
    public static RouteHandlerBuilder ReturnsNothing(this RouteHandlerBuilder route, int status = StatusCodes.Status204NoContent) => route.Produces(status);

    /// <summary>Partner-family errors: <c>{"error": "..."}</c>.</summary>
    public static RouteHandlerBuilder PartnerErrors(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            route.Produces<Contracts.PartnerError>(status);
        }
        return route;
    }
}

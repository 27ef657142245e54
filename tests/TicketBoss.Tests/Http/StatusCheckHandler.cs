namespace TicketBoss.Tests.Http;

/// <summary>
/// Between an HTTP test and the gateway: records each answer's (route, status), and fails the request, and so the
/// test, when the route does not document that status, or answers it in another media type than documented. Every
/// HTTP test thereby checks the documentation.
/// </summary>
internal sealed class StatusCheckHandler(IServiceProvider gateway, Action<string, int>? observe = null) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var documented = DocumentedStatuses.Of(gateway);
        if (documented.RouteOf(request.Method.Method, request.RequestUri!.AbsolutePath) is { } route)
        {
            var status = (int)response.StatusCode;
            ObservedStatuses.Record(route, status);
            observe?.Invoke(route, status);
            if (!documented.ByRoute[route].Contains(status))
            {
                response.Dispose();
                throw new Xunit.Sdk.XunitException(
                    $"{route} answered {status}, which the OpenAPI document does not list for it (it lists {string.Join(", ", documented.ByRoute[route].Order())}).");
            }
            // The body's shape too: a problem where the document says problem, the partner family's {"error"} where it says that.
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var mediaTypes = documented.MediaTypes(route, status);
            if (mediaType is not null && mediaTypes.Count > 0 && !mediaTypes.Contains(mediaType))
            {
                response.Dispose();
                throw new Xunit.Sdk.XunitException($"{route} answered {status} as {mediaType}; the OpenAPI document says {string.Join(" or ", mediaTypes)}.");
            }
        }
        return response;
    }
}

/// <summary>HTTP clients for the gateways under test, every one through <see cref="StatusCheckHandler"/>.</summary>
internal static class GatewayClients
{
    public static HttpClient Create(Infrastructure.RunningGateway gateway) => Create(gateway.Address, gateway.Services);

    /// <summary>A client of the gateway at <paramref name="address"/>; <paramref name="observe"/> hears each (route, status) it sees.</summary>
    public static HttpClient Create(Uri address, IServiceProvider services, Action<string, int>? observe = null) =>
        new(new StatusCheckHandler(services, observe)) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
}

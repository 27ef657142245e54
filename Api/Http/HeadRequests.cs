using Microsoft.AspNetCore.Http.Metadata;

namespace TicketBoss.Api.Http;

/// <summary>
/// Serves HEAD wherever GET is (RFC 9110 §9.3.2): the GET handler runs and Kestrel sends its status and headers
/// without the body. The OpenAPI document leaves the HEAD operations out; its description says HEAD mirrors GET.
/// </summary>
public static class HeadRequests
{
    public static TBuilder ServeHeadWithGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault();
            if (methods is not null && methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                // Routing reads the last method metadata: this one replaces the GET-only one.
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>API.md: every route is served both at the root and under /api/v1, the same way (checked over the gateway's own routes).</summary>
public sealed class ApiV1PrefixTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public void EveryRouteTheGatewayMapsAtTheRootIsMappedUnderApiV1()
    {
        var all = Routes(underV1: true).ToHashSet();
        var root = Routes(underV1: false);

        Assert.True(root.Count >= 25, $"only {root.Count} routes");
        Assert.DoesNotContain(root, r => !all.Contains((r.Method, "/api/v1" + r.Path)));
    }

    [Fact]
    public async Task EveryRouteAnswersUnderApiV1AsItDoesAtTheRoot()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 1);
        var booking = await _client.BookHoldAsync(await _client.HoldAsync(eventId, 1));

        foreach (var (method, template) in Routes(underV1: false).Where(r => r.Method != "HEAD"))
        {
            // Reads compare their answers; changes go to an unknown event or get an empty object, refused the same way without changing anything.
            var changes = method is "POST" or "PATCH" or "DELETE";
            var target = changes ? "evt_nosuchevent0" : eventId;
            var path = template.Replace("/events/{id}", $"/events/{target}")
                .Replace("/holds/{id}", changes ? $"/holds/hld_unknown00000.{target}" : $"/holds/{hold.Str("hold_id")}")
                .Replace("/bookings/{id}", changes ? $"/bookings/bkg_unknown00000.{target}" : $"/bookings/{booking.Str("booking_id")}")
                .Replace("{reservationId}", $"rsv_unknown00000.{target}");
            using var atRoot = await SendAsync(method, path);
            using var underV1 = await SendAsync(method, "/api/v1" + path);

            Assert.True(atRoot.StatusCode == underV1.StatusCode, $"{method} {template}: {(int)atRoot.StatusCode} at the root, {(int)underV1.StatusCode} under /api/v1");
            Assert.NotEqual("route_not_found", await CodeAsync(underV1));
            if (template != "/metrics")
            {
                // /metrics is Prometheus text at the root and JSON under /api/v1 (API.md).
                Assert.Equal(atRoot.Content.Headers.ContentType?.MediaType, underV1.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.Equal((8, 1, 1, 3L), await _client.CountsAsync(eventId));
    }

    private List<(string Method, string Path)> Routes(bool underV1) =>
        fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/openapi", StringComparison.Ordinal)
                && (underV1 || !raw.StartsWith("/api/v1", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct()
            .ToList();

    private Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return "";
        }
        var problem = HttpTestHelpers.Parse(await response.Content.ReadAsStringAsync());
        return problem.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
    }
}

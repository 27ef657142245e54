using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>The OpenAPI document at /openapi/v1.json describes every route; /docs serves the interactive docs locally.</summary>
public sealed class OpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task TheDocumentListsEveryRouteWithItsMethod()
    {
        var document = await DocumentAsync();
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        var routes = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/api/v1", StringComparison.Ordinal) && !raw.StartsWith("/openapi", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.True(routes.Count >= 25, $"only {routes.Count} routes found");
        Assert.Empty(routes.Except(documented));
    }

    [Fact]
    public async Task BodiesAndErrorsAreDescribedInTheNamesTheApiUses()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("HoldRequestBody").GetProperty("properties").TryGetProperty("event_id", out _));
        Assert.True(schemas.GetProperty("ReservationRequest").GetProperty("properties").TryGetProperty("partnerId", out _));
        var holdAnswers = document.GetProperty("paths").GetProperty("/holds").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "201", "400", "404", "409", "412" })
        {
            Assert.True(holdAnswers.TryGetProperty(status, out _), $"POST /holds does not document {status}");
        }
    }

    [Fact]
    public async Task TheDocsPageIsServedFromTheGateway()
    {
        using var page = await _client.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

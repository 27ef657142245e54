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
    public async Task TheDocumentDescribesTogetherAdjacentPreferenceAndReservationReadBack()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("HoldRequestBody").GetProperty("properties").TryGetProperty("together", out _));
        Assert.True(schemas.GetProperty("HoldResponse").GetProperty("properties").TryGetProperty("adjacent", out _));
        Assert.True(schemas.GetProperty("SeatMapRequest").GetProperty("properties").TryGetProperty("preference", out _));
        Assert.True(schemas.GetProperty("ReservationResponse").GetProperty("properties").TryGetProperty("seatLabels", out _));
        var read = document.GetProperty("paths").GetProperty("/reservations/{reservationId}").GetProperty("get").GetProperty("responses");
        Assert.True(read.TryGetProperty("200", out _) && read.TryGetProperty("404", out _));
        foreach (var (path, method) in new[] { ("/holds/{id}", "delete"), ("/holds/{id}/expire", "post"), ("/book", "post"), ("/bookings/{id}", "delete"), ("/reservations/{reservationId}", "delete") })
        {
            Assert.True(document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").TryGetProperty("410", out _),
                $"{method.ToUpperInvariant()} {path} does not document 410 for an ended thing");
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

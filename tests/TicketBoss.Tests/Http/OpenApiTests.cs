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
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "HEAD").Select(m => $"{m} {e.RoutePattern.RawText}"))
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
    public async Task EachRoutesDocumentedStatusesAreTheOnesTheHttpTestsCheckAgainst()
    {
        var document = await DocumentAsync();
        var inDocument = Operations(document).ToDictionary(
            o => o.Route, o => o.Operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());

        var described = DocumentedStatuses.Of(fixture.Services).ByRoute;

        Assert.Equal(described.Keys.Order(), inDocument.Keys.Order());
        Assert.All(described, route => Assert.True(route.Value.SetEquals(inDocument[route.Key]), $"{route.Key}: {string.Join(",", route.Value.Order())} vs {string.Join(",", inDocument[route.Key].Order())}"));
        Assert.All(inDocument, route => Assert.Contains(route.Value, s => s is >= 200 and < 300));
        // The shapes the status check compares answers with: problems, and the partner family's {"error"}.
        var statuses = DocumentedStatuses.Of(fixture.Services);
        Assert.Equal(["application/problem+json"], statuses.MediaTypes("POST /holds", 409));
        Assert.Equal(["application/json"], statuses.MediaTypes("POST /reservations", 409));
        Assert.Equal(["application/json"], statuses.MediaTypes("POST /reservations", 413));
    }

    [Fact]
    public async Task NumbersAreDescribedAsTheIntegersTheServerAcceptsNotAsStrings()
    {
        var document = await DocumentAsync();
        var qty = document.GetProperty("components").GetProperty("schemas").GetProperty("HoldRequestBody").GetProperty("properties").GetProperty("qty");

        Assert.Equal(["integer", "null"], Types(qty).Order());
        Assert.False(qty.TryGetProperty("pattern", out _));
        Assert.Equal(1, qty.GetProperty("minimum").GetInt32());
        Assert.Equal(100, qty.GetProperty("maximum").GetInt32());
        var schemas = Descendants(document.GetProperty("components")).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out _)).ToList();
        // The symptom of lenient number handling: an int32 that may also be a string matching a pattern. (A seat, a label
        // or a number, is the one schema meant to be both.)
        Assert.DoesNotContain(schemas, s => s.TryGetProperty("pattern", out _));
        Assert.DoesNotContain(schemas, s => s.TryGetProperty("format", out var format) && format.GetString() is "int32" or "int64" or "double" && Types(s).Contains("string"));
    }

    [Fact]
    public async Task RequiredListsWhatBindingRequiresAndAlternativesAreDescribedAsSuch()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        string[] Required(string schema) => schemas.GetProperty(schema).TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!).Order()] : [];

        Assert.Equal(["event_id"], Required("HoldRequestBody"));
        Assert.Equal(["name"], Required("CreateEventRequest"));
        Assert.Equal(["hold_id", "payment_token"], Required("BookRequest"));
        Assert.Equal(["event_id", "seats"], Required("DirectBookingRequest"));
        Assert.Equal(["partnerId", "seats"], Required("ReservationRequest"));
        Assert.Equal(["seat_id", "user_id"], Required("ReserveSeatRequest"));
        Assert.Empty(Required("UpdateEventRequest"));
        Assert.DoesNotContain("payment_token", Required("HoldResponse"));
        Assert.Contains("hold_id", Required("HoldResponse"));

        var alternatives = schemas.GetProperty("HoldRequestBody").GetProperty("oneOf").EnumerateArray().Select(a => a.GetProperty("required")[0].GetString()).ToList();
        Assert.Equal(["qty", "seats"], alternatives);
        Assert.Contains("not both", schemas.GetProperty("HoldRequestBody").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.All(schemas.EnumerateObject().Where(s => s.Name.EndsWith("Request", StringComparison.Ordinal) || s.Name.EndsWith("RequestBody", StringComparison.Ordinal)),
            s => Assert.False(s.Value.GetProperty("additionalProperties").GetBoolean(), $"{s.Name} does not say unknown fields are refused"));
        Assert.False(schemas.GetProperty("HoldResponse").TryGetProperty("additionalProperties", out _), "answers may gain members");
        Assert.Equal(["string"], Types(schemas.GetProperty("HoldResponse").GetProperty("properties").GetProperty("payment_token")));
        Assert.Contains("date_time", schemas.GetProperty("CreateEventRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task EveryRequestBodyHasAnExampleThatTryItOutSucceedsWith()
    {
        var document = await DocumentAsync();
        var withBodies = Operations(document).Where(o => o.Operation.TryGetProperty("requestBody", out _)).ToList();
        Assert.True(withBodies.Count >= 7, $"only {withBodies.Count} operations with a body");

        foreach (var (route, operation) in withBodies)
        {
            var body = operation.GetProperty("requestBody");
            Assert.True(body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out var example), $"{route} has no example");
            var path = route.Split(' ')[1];
            foreach (var parameter in (operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default).Where(p => p.GetProperty("in").GetString() == "path"))
            {
                Assert.True(parameter.TryGetProperty("example", out var value), $"{route}: parameter {parameter.GetProperty("name")} has no example");
                path = path.Replace("{" + parameter.GetProperty("name").GetString() + "}", value.GetString());
            }

            // What "Try it out" sends: the example, as it is, to the documented path.
            using var request = new HttpRequestMessage(new HttpMethod(route.Split(' ')[0]), path)
            {
                Content = new StringContent(example.GetRawText(), System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await _client.SendAsync(request);

            if (body.TryGetProperty("description", out var note) && note.GetString()!.Contains("(404)", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
            else
            {
                Assert.True(response.IsSuccessStatusCode, $"{route} with its example: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task TheHeadersEachRouteReadsAndTheKeysAreDescribed()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Route, o => o.Operation);
        string[] Headers(string route) => operations[route].TryGetProperty("parameters", out var parameters)
            ? [.. parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!)]
            : [];

        Assert.All(operations.Where(o => o.Key.StartsWith("POST", StringComparison.Ordinal) || o.Key.StartsWith("DELETE", StringComparison.Ordinal)),
            o => Assert.Contains("Idempotency-Key", Headers(o.Key)));
        Assert.All(operations.Where(o => o.Value.GetProperty("responses").TryGetProperty("412", out _)), o => Assert.Contains("If-Match", Headers(o.Key)));
        Assert.All(operations.Where(o => o.Value.GetProperty("responses").TryGetProperty("304", out _)), o => Assert.Contains("If-None-Match", Headers(o.Key)));
        Assert.Contains("If-Match", Headers("PATCH /events/{id}"));
        Assert.Contains("If-None-Match", Headers("GET /events/{id}/seats"));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("api_key").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        var pageSize = operations["GET /events"].GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "page_size");
        Assert.Equal("integer", pageSize.GetProperty("schema").GetProperty("type").GetString());
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

    private static IEnumerable<(string Route, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete" or "head")
                .Select(o => ($"{o.Name.ToUpperInvariant()} {path.Name}", o.Value)));

    private static string[] Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

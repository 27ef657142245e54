using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Api.Endpoints;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// Request bodies bind strictly and say why they do not: unknown, repeated and missing fields and wrong types are
/// 400 naming the field; the names the existing client families send are known; times and names make sense.
/// </summary>
public sealed class RequestBodyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    /// <summary>Every route that reads a body (<see cref="TheRoutesWithABodyAreTheOnesTheGatewayMaps"/> keeps the list whole).</summary>
    public static TheoryData<string> BodyRoutes =>
        ["POST /events", "PATCH /events/{id}", "POST /holds", "POST /book", "POST /bookings", "POST /reservations", "POST /reserve"];

    [Fact]
    public void TheRoutesWithABodyAreTheOnesTheGatewayMaps() =>
        Assert.Equal(((IEnumerable<object[]>)BodyRoutes).Select(r => (string)r[0]).Order(), Endpoints().Keys.Order());

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task AnUnknownFieldIsRefusedWith400NamingItOnEveryRouteWithABody(string route)
    {
        var example = Endpoints()[route];
        var body = JsonNode.Parse(example.Replace("{partner_event}", PartnerEventId).Replace("{seat_event}", SeatEventId))!.AsObject();
        body["togther"] = true;

        using var response = await SendAsync(route, body.ToJsonString());

        var detail = await ErrorTextAsync(response, route);
        Assert.Contains("unknown field togther", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/holds", """{"event_id":"{E}","qty":"2"}""", "qty must be an integer")]
    [InlineData("/holds", """{"event_id":"{E}","qty":2.5}""", "qty must be an integer")]
    [InlineData("/holds", """{"event_id":"{E}","qty":2,"ttl_seconds":[60]}""", "ttl_seconds must be an integer")]
    [InlineData("/holds", """{"event_id":"{E}","qty":2,"allow_partial":"yes"}""", "allow_partial must be true or false")]
    [InlineData("/holds", """{"event_id":"{E}","seats":"5"}""", "seats must be a list")]
    [InlineData("/holds", """{"event_id":7,"qty":2}""", "event_id must be a string")]
    [InlineData("/holds", """{"qty":2}""", "event_id is required")]
    [InlineData("/holds", """{"event_id":"{E}","qty":2,"qty":3}""", "qty is given more than once")]
    [InlineData("/holds", """{"event_id":"{E}","Qty":2}""", "unknown field Qty")]
    [InlineData("/events", """{"name":5,"total_seats":5}""", "name must be a string")]
    [InlineData("/events", """{"name":"x","total_seats":5,"starts_at":17}""", "starts_at must be a date and time")]
    [InlineData("/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":"3"}]}}""", "seat_map.rows[0].seats must be an integer")]
    [InlineData("/events", """{"name":"x","seat_map":{"rows":[{"row":"A","sets":3}]}}""", "unknown field seat_map.rows[0].sets")]
    [InlineData("/events", """{"name":"x","total_seats":99999999999}""", "total_seats is out of range")]
    [InlineData("/book", """{"hold_id":"h"}""", "payment_token is required")]
    [InlineData("/reservations", """{"partnerId":"acme","seats":"3"}""", "seats must be an integer")]
    [InlineData("/reservations", """{"partnerId":"acme","seats":2e0}""", "seats must be written as a plain integer")]
    [InlineData("/holds", """{"event_id":"{E}","qty":2.0}""", "qty must be written as a plain integer")]
    [InlineData("/reservations", """{"partner_id":"acme","seats":3}""", "unknown field partner_id")]
    [InlineData("/reserve", """{"seat_id":"A1"}""", "user_id is required")]
    public async Task AWrongOrMissingFieldIsReportedByNameAndType(string path, string body, string expected)
    {
        var eventId = await _client.CreateEventAsync(10);

        using var response = await _client.PostRawAsync(path, body.Replace("{E}", eventId));

        Assert.Contains(expected, await ErrorTextAsync(response, "POST " + path), StringComparison.Ordinal);
        Assert.Equal(0L, (await _client.CountsAsync(eventId)).Version);
    }

    [Fact]
    public async Task TheSeatBookingFamilysDateTimeAndVenueAreTheStartTimeAndVenue()
    {
        using var created = await _client.PostRawAsync("/events", """{"name":"Gig","venue":"Main Hall","date_time":"2024-06-15 19:00","total_seats":100}""");

        var answer = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Main Hall", answer.Str("venue"));
        Assert.Equal(new DateTimeOffset(2024, 6, 15, 19, 0, 0, TimeSpan.Zero), answer.GetProperty("starts_at").GetDateTimeOffset());
        var read = await _client.GetEventAsync(answer.Str("event_id"));
        Assert.Equal(new DateTimeOffset(2024, 6, 15, 19, 0, 0, TimeSpan.Zero), read.GetProperty("starts_at").GetDateTimeOffset());

        using var both = await _client.PostRawAsync("/events", """{"name":"Gig","date_time":"2024-06-15 19:00","starts_at":"2024-06-15T19:00:00Z","total_seats":1}""");
        await both.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("2026-06-15T19:00:00Z", "2026-06-15T19:00:00+00:00")]
    [InlineData("2026-06-15T19:00:00.5+02:00", "2026-06-15T19:00:00.5+02:00")]
    [InlineData("2026-06-15T19:00", "2026-06-15T19:00:00+00:00")]
    [InlineData("2026-06-15 19:00:30", "2026-06-15T19:00:30+00:00")]
    public async Task AStartTimeIsReadAsWrittenAndWithoutAnOffsetAsUtc(string written, string meant)
    {
        using var created = await _client.PostRawAsync("/events", $$"""{"name":"Gig","starts_at":"{{written}}","total_seats":1}""");

        var answer = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(DateTimeOffset.Parse(meant, System.Globalization.CultureInfo.InvariantCulture), answer.GetProperty("starts_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("15/06/2026 19:00")]
    [InlineData("2026-02-30T19:00:00Z")]
    [InlineData("0024-06-15T19:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2206-06-15T19:00:00Z")]
    [InlineData("")]
    public async Task AStartTimeThatMakesNoSenseIs400SayingWhatWouldWork(string written)
    {
        foreach (var field in new[] { "starts_at", "date_time" })
        {
            using var created = await _client.PostRawAsync("/events", $$"""{"name":"Gig","{{field}}":"{{written}}","total_seats":1}""");

            var problem = await created.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
            Assert.StartsWith(field + " must be", problem.Str("detail"), StringComparison.Ordinal);
        }
        var eventId = await _client.CreateEventAsync(1);
        using var patched = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/events/{eventId}")
        {
            Content = new StringContent($$"""{"starts_at":"{{written}}"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        await patched.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("Gig\u202Egnp.exe")]
    [InlineData("\u2067Gig\u2069")]
    [InlineData("Gig\u202A")]
    [InlineData("G\u200Bi\u200Bg")]
    [InlineData("Gig\u00AD")]
    [InlineData("Gig\uFEFF")]
    [InlineData("Gig\u0007")]
    [InlineData("Gig\u0085")]
    [InlineData("Gig\U000E0041")]
    public async Task ANameWithControlOrInvisibleFormatCharactersIsRefused(string name)
    {
        foreach (var field in new[] { "name", "venue" })
        {
            var body = new JsonObject { ["name"] = "Gig", ["total_seats"] = 1 };
            body[field] = name;

            using var response = await _client.PostRawAsync("/events", body.ToJsonString());

            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        }
        using var reserve = await _client.PostRawAsync("/reserve", new JsonObject { ["seat_id"] = "C3", ["user_id"] = name }.ToJsonString());
        await reserve.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("Café Zürich")]
    [InlineData("שלום 2026")]
    [InlineData("Family day 👨‍👩‍👧")]
    [InlineData("❤️ Live")]
    [InlineData("東京ドーム")]
    public async Task ANameInAnyScriptWithEmojiIsKept(string name)
    {
        using var response = await _client.PostRawAsync("/events", new JsonObject { ["name"] = name, ["venue"] = name, ["total_seats"] = 1 }.ToJsonString());

        var answer = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, answer.Str("name"));
    }

    /// <summary>The routes that read a body, as the gateway maps them, with their documented examples.</summary>
    private Dictionary<string, string> Endpoints() =>
        fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is not null && e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == false)
            .ToDictionary(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0]} {e.RoutePattern.RawText}", e => e.Metadata.GetMetadata<RequestExample>()!.Json);

    private async Task<HttpResponseMessage> SendAsync(string route, string body)
    {
        var eventId = await _client.CreateEventAsync(5);
        var method = new HttpMethod(route.Split(' ')[0]);
        var path = route.Split(' ')[1].Replace("{id}", eventId);
        return await _client.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });
    }

    /// <summary>The 400's message, in the route family's shape (problem detail, or the partner family's error).</summary>
    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, string route) =>
        route.Contains("/reservations", StringComparison.Ordinal)
            ? await response.AssertPartnerErrorAsync(HttpStatusCode.BadRequest)
            : (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request")).Str("detail");
}

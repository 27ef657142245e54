using System.Net;
using System.Net.Http.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>RFC 9110 as the gateway applies it: preconditions, conditional reads and HEAD.</summary>
public sealed class HttpSemanticsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string> MalformedTagsOnEveryConditionalChange()
    {
        var data = new TheoryData<string, string>();
        foreach (var change in new[] { "POST /holds", "POST /bookings", "PATCH /events/{E}" })
        {
            foreach (var tag in new[] { "banana", "\"unterminated", "W/banana", "\"1\" \"2\"", "*, \"1\"", "-1", "" })
            {
                data.Add(change, tag);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedTagsOnEveryConditionalChange))]
    public async Task AMalformedIfMatchIs400NamingTheHeaderAndChangesNothing(string change, string ifMatch)
    {
        var eventId = await _client.CreateEventAsync(10);

        using var response = await ChangeAsync(change, eventId, ifMatch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_precondition");
        Assert.Contains("If-Match", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(0L, (await _client.CountsAsync(eventId)).Version);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("W/\"0\"")]
    [InlineData("\"0x1\"")]
    [InlineData("W/\"0\", \"zero\"")]
    public async Task AWellFormedIfMatchThatNoVersionSatisfiesIs412WithoutInternalValues(string ifMatch)
    {
        var eventId = await _client.CreateEventAsync(10);

        foreach (var change in new[] { "POST /holds", "POST /bookings", "PATCH /events/{E}" })
        {
            using var response = await ChangeAsync(change, eventId, ifMatch);
            var problem = await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version_mismatch");
            Assert.DoesNotContain("-1", problem.Str("detail"), StringComparison.Ordinal);
            Assert.Contains("ETag", problem.Str("detail"), StringComparison.Ordinal);
        }
        Assert.Equal(0L, (await _client.CountsAsync(eventId)).Version);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"0\"")]
    [InlineData("W/\"0\", \"0\"")]
    public async Task AnIfMatchOfTheCurrentVersionOrStarLetsTheChangeThrough(string ifMatch)
    {
        var eventId = await _client.CreateEventAsync(10);

        using var response = await ChangeAsync("POST /holds", eventId, ifMatch);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/status")]
    [InlineData("/seats")]
    public async Task IfNoneMatchOfTheCurrentVersionGets304WithTheETagAndNoBody(string read)
    {
        var eventId = await _client.CreateEventAsync(10);
        var etag = (await _client.GetAsync($"/events/{eventId}{read}")).Headers.ETag!.ToString();

        foreach (var condition in new[] { etag, "W/" + etag, "*", $"\"41\", {etag}" })
        {
            using var notModified = await ReadAsync(HttpMethod.Get, $"/events/{eventId}{read}", condition);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.Headers.ETag!.ToString());
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        await _client.HoldAsync(eventId, 1);
        using var changed = await ReadAsync(HttpMethod.Get, $"/events/{eventId}{read}", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"1\"", changed.Headers.ETag!.ToString());
        using var malformed = await ReadAsync(HttpMethod.Get, $"/events/{eventId}{read}", "banana");
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_precondition");
    }

    [Fact]
    public async Task HeadIsServedWhereverGetIsWithTheSameStatusAndHeadersAndNoBody()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 2);
        var booking = await _client.BookHoldAsync(hold);
        var paths = DocumentedStatuses.Of(fixture.Services).ByRoute.Keys
            .Where(r => r.StartsWith("GET ", StringComparison.Ordinal))
            .Select(r => r[4..].Replace("/events/{id}", $"/events/{eventId}").Replace("/holds/{id}", $"/holds/{hold.Str("hold_id")}")
                .Replace("/bookings/{id}", $"/bookings/{booking.Str("booking_id")}")
                .Replace("/reservations/{reservationId}", "/reservations/rsv_unknown00000.node-meetup-2025"))
            .Concat(["/openapi/v1.json", "/docs/index.html", "/events/evt_nosuchevent0"])
            .ToList();
        Assert.DoesNotContain(paths, p => p.Contains('{'));

        foreach (var path in paths.SelectMany(p => new[] { p, "/api/v1" + p }).Where(p => !p.StartsWith("/api/v1/docs", StringComparison.Ordinal) && !p.StartsWith("/api/v1/openapi", StringComparison.Ordinal)))
        {
            using var get = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
            using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), HttpCompletionOption.ResponseHeadersRead);

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {path}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    private Task<HttpResponseMessage> ChangeAsync(string change, string eventId, string ifMatch)
    {
        var (method, path, body) = change switch
        {
            "POST /holds" => (HttpMethod.Post, "/holds", (object)new { event_id = eventId, qty = 1 }),
            "POST /bookings" => (HttpMethod.Post, "/bookings", new { event_id = eventId, seats = new[] { "3" } }),
            _ => (HttpMethod.Patch, $"/events/{eventId}", new { venue = "Hall" }),
        };
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Verbatim) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> ReadAsync(HttpMethod method, string path, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return _client.SendAsync(request);
    }
}

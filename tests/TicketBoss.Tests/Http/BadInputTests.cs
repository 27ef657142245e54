using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// Hostile and broken requests (see <see cref="BadInputCases"/>): each is answered 4xx in its family's error shape,
/// never 5xx, and leaves every event, hold, booking and reservation as it was.
/// </summary>
public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> BodyCases => BadInputCases.BodyNames;

    public static TheoryData<string> PathCases => BadInputCases.PathNames;

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task ABadBodyIsAnswered4xxAndChangesNothing(string name)
    {
        await AssertRefusedAsync(BadInputCases.Bodies[name]);
    }

    [Theory]
    [MemberData(nameof(PathCases))]
    public async Task AnOddIdInThePathIsAnswered4xxAndChangesNothing(string name)
    {
        await AssertRefusedAsync(BadInputCases.Paths[name]);
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/holds")]
    [InlineData("/book")]
    [InlineData("/bookings")]
    [InlineData("/reservations")]
    [InlineData("/reserve")]
    public async Task AChunkedBodyOverTheLimitIs413(string path)
    {
        var target = await PrepareAsync();
        var before = await StateAsync(target);
        // Just over the 1 MB limit: the server reads up to the limit before refusing, so the client can finish sending.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 1024 * 1024 + 4096) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await AssertErrorShapeAsync(path.StartsWith("/reservations", StringComparison.Ordinal), response, 413);
        Assert.Equal(before, await StateAsync(target));
    }

    [Theory]
    [InlineData("/holds/%2e%2e")]
    [InlineData("/holds/%2E%2e/expire")]
    [InlineData("/events/./seats")]
    [InlineData("/events/x/../../metrics")]
    public async Task DotSegmentsInTheRawPathAre400RatherThanResolved(string path)
    {
        // HttpClient would resolve the dot segments itself, so the request line is written by hand.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_client.BaseAddress!.Host, _client.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));

        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("\"code\":\"invalid_request\"", answer);
    }

    [Fact]
    public async Task ARequestWithAnUnsupportedMethodIsRefusedWith4xx()
    {
        var target = await PrepareAsync();
        var before = await StateAsync(target);

        foreach (var (method, path) in new[] { ("PUT", $"/events/{target.EventId}"), ("PATCH", $"/holds/{target.HoldId}"), ("DELETE", $"/events/{target.EventId}"), ("GET", "/book") })
        {
            var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        Assert.Equal(before, await StateAsync(target));
    }

    [Theory]
    [InlineData("/holds", "utf8")]
    [InlineData("/holds", "surrogate")]
    [InlineData("/bookings", "utf8")]
    [InlineData("/bookings", "surrogate")]
    public async Task InvalidTextInASeatLabelIs400(string path, string kind)
    {
        var target = await PrepareAsync();
        var before = await StateAsync(target);
        var body = kind == "utf8"
            ? [.. Encoding.UTF8.GetBytes($"{{\"event_id\":\"{target.EventId}\",\"seats\":[\"5"), 0xFF, .. "\"]}"u8]
            : Encoding.UTF8.GetBytes($"{{\"event_id\":\"{target.EventId}\",\"seats\":[\"5\\ud800\"]}}");

        var response = await _client.PostRawAsync(path, body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(before, await StateAsync(target));
    }

    [Theory]
    [InlineData("/events?page_size=abc")]
    [InlineData("/events?page_size=99999999999")]
    [InlineData("/api/v1/events?page_size=1.5")]
    public async Task AnUnreadablePageSizeIs400WithACode(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("PUT", "/events/node-meetup-2025")]
    [InlineData("GET", "/book")]
    public async Task UnknownRoutesAndMethodsAnswerAProblemWithACode(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.InRange((int)response.StatusCode, 400, 499);
        HttpTestHelpers.AssertProblemBody(response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TotalSeatsZeroIsRefusedEvenWithASeatMap()
    {
        var target = await PrepareAsync();
        var before = await StateAsync(target);

        var response = await _client.PostRawAsync("/events", """{"name":"x","total_seats":0,"seat_map":{"rows":[{"row":"A","seats":2}]}}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(before, await StateAsync(target));
    }

    private async Task AssertRefusedAsync(BadInputCase badCase)
    {
        var target = await PrepareAsync();
        var before = await StateAsync(target);
        using var request = new HttpRequestMessage(new HttpMethod(badCase.Method), target.Fill(badCase.Path));
        if (badCase.Body(target) is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            // The server refuses an oversized body from its Content-Length alone and closes the connection;
            // waiting for 100-continue lets the client read that 413 instead of failing to send the rest.
            request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        }

        var response = await _client.SendAsync(request);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{badCase.Method} {badCase.Path}: {status} {await response.Content.ReadAsStringAsync()}");
        if (badCase.Status is { } expected)
        {
            await AssertErrorShapeAsync(badCase.IsPartner, response, expected);
        }
        Assert.Equal(before, await StateAsync(target));
    }

    private static async Task AssertErrorShapeAsync(bool partner, HttpResponseMessage response, int status)
    {
        if (partner)
        {
            await response.AssertPartnerErrorAsync((HttpStatusCode)status);
        }
        else
        {
            await response.AssertProblemAsync((HttpStatusCode)status);
        }
    }

    /// <summary>A fresh event of 10 numbered seats with an active 2-seat hold on seats 1 and 2 (version 1).</summary>
    private async Task<BadInputTarget> PrepareAsync()
    {
        var eventId = await _client.CreateEventAsync(10);
        var hold = await _client.HoldAsync(eventId, 2, ttlSeconds: 600);
        return new BadInputTarget(eventId, hold.Str("hold_id"), hold.Str("payment_token"));
    }

    /// <summary>Everything a bad request could have changed: the target, the default events, and the row counts of every table.</summary>
    private async Task<string> StateAsync(BadInputTarget target)
    {
        var state = new StringBuilder();
        state.AppendLine((await _client.GetEventAsync(target.EventId)).ToString());
        state.AppendLine((await (await _client.GetAsync($"/holds/{target.HoldId}")).ReadJsonAsync(HttpStatusCode.OK)).ToString());
        state.AppendLine((await (await _client.GetAsync("/reservations")).ReadJsonAsync(HttpStatusCode.OK)).ToString());
        state.AppendLine((await _client.GetEventAsync(SeatEventId)).ToString());
        var rows = await QueryAsync(fixture.ConnectionString,
            """
            SELECT (SELECT count(*) FROM events), (SELECT sum(version) FROM events), (SELECT count(*) FROM holds),
                   (SELECT count(*) FROM holds WHERE status = 'active'), (SELECT count(*) FROM bookings),
                   (SELECT count(*) FROM bookings WHERE status = 'confirmed')
            """);
        state.AppendJoin(',', rows[0]);
        return state.ToString();
    }
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketBoss.Api;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// The gateway's deliberate limits (Api/GatewayApp.cs), proven on the wire at their edges: bodies up to 1 MiB
/// (413 beyond), request headers up to 32 KiB (431 beyond), a request line up to 8 KiB (414 beyond), and 10 s to
/// send the headers (then the connection is cut). The sizes are taken from the running gateway's Kestrel limits.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class GatewayLimitsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private KestrelServerLimits Limits => fixture.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

    private Uri Server => fixture.Client.BaseAddress!;

    [Fact]
    public void TheLimitsInForceAreTheDocumentedOnes()
    {
        Assert.Equal(1024 * 1024, GatewayApp.MaxRequestBodyBytes);
        Assert.Equal(GatewayApp.MaxRequestBodyBytes, Limits.MaxRequestBodySize);
        Assert.Equal(32 * 1024, Limits.MaxRequestHeadersTotalSize);
        Assert.Equal(8 * 1024, Limits.MaxRequestLineSize);
        Assert.Equal(TimeSpan.FromSeconds(10), Limits.RequestHeadersTimeout);
    }

    [Fact]
    public async Task ABodyOfExactlyOneMebibyteIsReadAndOneByteMoreIs413()
    {
        var limit = (int)Limits.MaxRequestBodySize!.Value;
        var before = await FuzzState.ReadAsync(fixture.ConnectionString);
        // An unterminated JSON string: read to its last byte, it is merely invalid (400), so the size was accepted.
        byte[] Body(int size) => Encoding.ASCII.GetBytes("{\"name\":\"" + new string('a', size - 9));

        var atLimit = await SendAsync(Post("/events", Body(limit)));
        var overByContentLength = await SendAsync(Post("/events", Body(limit + 1)) with { WaitForContinue = true });
        var overChunked = await SendAsync(Chunked(Post("/holds", Body(limit + 1))));
        var overOnPartnerRoute = await SendAsync(Post("/api/v1/reservations", Body(limit + 1)) with { WaitForContinue = true });

        AssertProblem(atLimit, 400, "invalid_request");
        AssertProblem(overByContentLength, 413, "body_too_large");
        AssertProblem(overChunked, 413, "body_too_large");
        Assert.Equal(413, overOnPartnerRoute.Status);
        Assert.Equal(before, await FuzzState.ReadAsync(fixture.ConnectionString));
    }

    [Fact]
    public async Task RequestHeadersOverThirtyTwoKibibytesAre431()
    {
        var limit = (int)Limits.MaxRequestHeadersTotalSize;
        RawRequest WithHeaderBytes(int bytes) => Get("/health/live", ("X-Fuzz-Padding", new string('h', bytes)));

        var under = await SendAsync(WithHeaderBytes(limit - 1024));
        var over = await SendAsync(WithHeaderBytes(limit + 1));
        var overInManyHeaders = await SendAsync(Get("/health/live", [.. Enumerable.Range(0, 40).Select(i => ($"X-Fuzz-{i}", new string('h', limit / 32)))]));

        Assert.Equal(200, under.Status);
        Assert.Equal(431, over.Status);
        Assert.Equal(431, overInManyHeaders.Status);
    }

    [Fact]
    public async Task ARequestLineOverEightKibibytesIs414()
    {
        var limit = Limits.MaxRequestLineSize;
        // "GET " + target + " HTTP/1.1\r\n" is the request line.
        RawRequest WithLine(int length) => Get("/health/live?q=" + new string('q', length - "GET /health/live?q= HTTP/1.1\r\n".Length));

        var under = await SendAsync(WithLine(limit - 64));
        var over = await SendAsync(WithLine(limit + 64));

        Assert.Equal(200, under.Status);
        Assert.Equal(414, over.Status);
    }

    [Fact]
    public async Task AClientThatSendsItsHeadersTooSlowlyIsCutOffAfterTheHeadersTimeout()
    {
        var timeout = Limits.RequestHeadersTimeout;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Server.Host, Server.Port);
        var clock = Stopwatch.StartNew();
        await socket.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n"u8.ToArray());
        // A header line every half second: always sending, never finishing.
        using var stop = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await Task.Delay(500, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                try
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: 1\r\n"));
                }
                catch (SocketException)
                {
                    return;
                }
            }
        });
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var giveUp = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, giveUp.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException)
        {
            // A reset is a cut too.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the connection was still open {clock.Elapsed.TotalSeconds:0.0} s after the client began its headers");
        }
        var cutAfter = clock.Elapsed;
        await stop.CancelAsync();
        await trickle;

        var answer = Encoding.ASCII.GetString([.. received]);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"expected a cut or 408, got: {answer}");
        Assert.InRange(cutAfter, timeout - TimeSpan.FromSeconds(1), timeout + TimeSpan.FromSeconds(5));
    }

    private static RawRequest Get(string target, params (string, string)[] headers) => new()
    {
        Category = "limits",
        Route = "GET " + target.Split('?')[0],
        Mutation = "limit",
        Method = "GET",
        Target = target,
        Headers = [.. headers],
        Verdict = Verdict.Read,
    };

    private static RawRequest Post(string target, byte[] body) => new()
    {
        Category = "limits",
        Route = "POST " + target,
        Mutation = $"{body.Length}-byte body",
        Method = "POST",
        Target = target,
        Headers = [("Content-Type", "application/json")],
        Body = body,
    };

    private static RawRequest Chunked(RawRequest request)
    {
        var body = new List<byte>();
        foreach (var piece in request.Body.Chunk(16 * 1024))
        {
            body.AddRange(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"));
            body.AddRange(piece);
            body.AddRange("\r\n"u8);
        }
        body.AddRange("0\r\n\r\n"u8);
        return request with { Body = [.. body], Headers = [.. request.Headers, ("Transfer-Encoding", "chunked")] };
    }

    private async Task<RawAnswer> SendAsync(RawRequest request)
    {
        try
        {
            return await RawHttp.SendAsync(Server, request, Deadline);
        }
        catch (NoAnswerException e)
        {
            Assert.Fail($"{e.Message}: {request.Describe()}");
            throw;
        }
    }

    private static void AssertProblem(RawAnswer answer, int status, string code)
    {
        Assert.True(answer.Status == status, $"expected {status}, got {answer.Status}: {answer.BodyText}");
        Assert.Equal("application/problem+json", answer.MediaType);
        using var problem = JsonDocument.Parse(answer.Body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}

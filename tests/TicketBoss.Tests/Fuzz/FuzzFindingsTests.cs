using System.Text;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// Defects the fuzzer found, each pinned by its exact reproduction so that it stays fixed (the fuzzer samples its
/// cases, so it does not send every one on every run).
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class FuzzFindingsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    /// <summary>
    /// A chunk size of 20 hex digits overflows in Kestrel's chunk parser, which throws an IOException ("Bad chunk size
    /// data", inner OverflowException) rather than a BadHttpRequestException; nothing catches it on the way out of
    /// the JSON body reader (nor the Idempotency-Key fingerprint), and the answer was an empty 500.
    /// </summary>
    [Theory]
    [InlineData("POST", "/events", null)]
    [InlineData("POST", "/api/v1/holds", null)]
    [InlineData("POST", "/book", null)]
    [InlineData("POST", "/bookings", null)]
    [InlineData("POST", "/reservations", null)]
    [InlineData("POST", "/reserve", null)]
    [InlineData("PATCH", "/events/main-hall", null)]
    [InlineData("POST", "/holds", "fuzz-overflow-key")]
    public async Task AChunkSizeThatOverflowsIsAnswered4xxNotAServerError(string method, string path, string? idempotencyKey)
    {
        var before = await FuzzState.ReadAsync(fixture.ConnectionString);
        var json = """{"name":"x","total_seats":5,"event_id":"main-hall","qty":1}""";
        var request = new RawRequest
        {
            Category = "finding",
            Route = $"{method} {path}",
            Mutation = "chunk size of 20 hex digits",
            Method = method,
            Target = path,
            Headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"), .. idempotencyKey is null ? [] : new[] { ("Idempotency-Key", idempotencyKey) }],
            Body = Encoding.ASCII.GetBytes($"FFFFFFFFFFFFFFFFFFFF\r\n{json}\r\n0\r\n\r\n"),
        };

        var answer = await RawHttp.SendAsync(fixture.Client.BaseAddress!, request, TimeSpan.FromSeconds(10));

        Assert.True(answer.Status is >= 400 and < 500, $"{answer.Status} {answer.BodyText} for {request.Describe()}");
        Assert.Contains(answer.MediaType, new[] { "application/problem+json", "application/json" });
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal(JsonValueKind.Object, body.RootElement.ValueKind);
        Assert.Equal(before, await FuzzState.ReadAsync(fixture.ConnectionString));
    }
}

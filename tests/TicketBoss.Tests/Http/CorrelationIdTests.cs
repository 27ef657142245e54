using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>X-Correlation-Id: echoed when the caller sends a sane one, made up otherwise.</summary>
public sealed class CorrelationIdTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ACallersCorrelationIdIsReturned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/node-meetup-2025");
        request.Headers.Add("X-Correlation-Id", "order-4711");

        using var response = await _client.SendAsync(request);

        Assert.Equal("order-4711", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("")]
    public async Task AMissingOrUnfitCorrelationIdIsReplacedByANewOne(string? presented)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        if (presented is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", presented);
        }

        using var first = await _client.SendAsync(request);
        using var second = await _client.GetAsync("/health/live");

        var id = first.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.NotEqual(id, second.Headers.GetValues("X-Correlation-Id").Single());
    }
}

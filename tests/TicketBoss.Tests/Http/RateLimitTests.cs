using System.Net;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>The per-caller rate limiter: 429 with Retry-After beyond the configured rate; the default lets bursts through.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ACallerBeyondItsBurstGets429WithRetryAfterAndNothingChanges()
    {
        var database = TestDatabase.CreateIsolated("limit");
        await using var app = GatewayFixture.Start(database, new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerSecond"] = "1",
            ["RateLimit:Burst"] = "5",
        });
        using var client = GatewayClients.Create(app);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await client.GetAsync("/health/live"));
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 2, 3);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        await limited[0].AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        using var refused = await client.PostJsonAsync("/holds", new { event_id = "node-meetup-2025", qty = 1 });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(0L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM holds"));
    }

    [Fact]
    public async Task TheDefaultLimitLetsABurstOfFiveHundredParallelRequestsThrough()
    {
        await using var app = GatewayFixture.Start(TestDatabase.CreateIsolated("burst"));
        using var client = GatewayClients.Create(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => client.GetAsync("/reservations")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }
}

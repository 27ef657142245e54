using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TicketBoss.Tests.Fuzz;

/// <summary>The fuzz tests share the machine's two cores: one class at a time.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>
/// Generated hostile requests (see <see cref="FuzzGenerator"/>) at every route of the open gateway, root and /api/v1:
/// every answer is a 4xx with a JSON error body (a read may also answer 2xx), never a 5xx or silence, and the
/// database is as it was. The seed is printed with every failure; TICKETBOSS_FUZZ_SEED replays it.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class HostileInputFuzzTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task EveryRouteTheGatewayMapsIsInTheFuzzersRouteTable()
    {
        var fuzzed = FuzzRoutes.All.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();
        var mapped = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // HEAD runs the GET handler (and Kestrel drops the body): fuzzing GET covers it.
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{(m == "HEAD" ? "GET" : m)} {e.RoutePattern.RawText}"))
            .ToHashSet();
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        Assert.True(mapped.Count >= 50, $"only {mapped.Count} endpoints found");
        Assert.Empty(mapped.Except(fuzzed));
        Assert.Empty(documented.Except(fuzzed));
        Assert.Empty(documented.Select(d => d.Replace(" /", " /api/v1/", StringComparison.Ordinal)).Except(fuzzed));
    }

    [Fact]
    public async Task EveryMalformedBodyAtEveryRouteIsAnswered4xxAndChangesNothing()
    {
        await FuzzAsync("malformed bodies", (generator, _) =>
        [
            .. FuzzRoutes.All.Where(r => r.HasBody).SelectMany(r => generator.Bodies(r, share: 0.5)),
        ]);
    }

    [Fact]
    public async Task BodiesOverTheOneMebibyteLimitAtEveryBodyRouteAre413AndChangeNothing()
    {
        await FuzzAsync("oversized bodies", (generator, _) => [.. FuzzRoutes.All.Where(r => r.HasBody).SelectMany(generator.Oversized)]);
    }

    [Fact]
    public async Task AbusedHeadersAndBrokenFramingAtEveryRouteAreAnswered4xxAndChangeNothing()
    {
        await FuzzAsync("abused headers and framing", (generator, _) => [.. FuzzRoutes.All.SelectMany(r => generator.Headers(r, share: 0.6))]);
    }

    [Fact]
    public async Task OddPathsQueriesMethodsAndRequestLinesAtEveryRouteAreAnswered4xxAndChangeNothing()
    {
        await FuzzAsync("odd paths, queries, methods and request lines", (generator, _) =>
        [
            .. FuzzRoutes.All.SelectMany(r => generator.Paths(r, share: 0.5)),
            .. FuzzRoutes.All.GroupBy(r => r.Pattern).SelectMany(g => generator.Methods(g.First().Path, [.. g], share: 0.7)),
        ]);
    }

    private async Task FuzzAsync(string name, Func<FuzzGenerator, FuzzTarget, List<RawRequest>> generate)
    {
        var seed = FuzzRunner.Seed();
        var rng = new Random(seed);
        var target = await FuzzTarget.CreateAsync(fixture.Client);
        var requests = generate(new FuzzGenerator(rng, target), target).OrderBy(_ => rng.Next()).ToList();
        var runner = new FuzzRunner(fixture.Client.BaseAddress!, fixture.ConnectionString, seed, output);

        await runner.RunAsync(name, requests);

        runner.AssertClean();
    }
}

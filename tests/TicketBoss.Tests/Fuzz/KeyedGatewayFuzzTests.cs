using Microsoft.AspNetCore.Builder;
using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TicketBoss.Tests.Fuzz;

/// <summary>The gateway with an admin key and a partner key configured, on a database of its own.</summary>
public sealed class KeyedGatewayFuzzFixture : IAsyncLifetime
{
    public const string AdminKey = "fuzz-admin-key-6c0b2f19";
    public const string AcmeKey = "fuzz-acme-key-9e4d7a33";

    private RunningGateway? _app;

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public Task InitializeAsync()
    {
        ConnectionString = TestDatabase.CreateIsolated("fuzzkeys");
        _app = GatewayFixture.Start(ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:AdminKeys:0"] = AdminKey,
            ["Auth:PartnerKeys:acme"] = AcmeKey,
        });
        Client = new HttpClient { BaseAddress = _app.Address, Timeout = TimeSpan.FromSeconds(60) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>
/// With API keys configured: a presented key that matches nothing is refused with 401 at every route before anything
/// else happens (the rest of the request is valid), and malformed requests from a valid key are refused as they are
/// on the open gateway. The database never changes.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class KeyedGatewayFuzzTests(KeyedGatewayFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<KeyedGatewayFuzzFixture>
{
    private const string AdminKey = KeyedGatewayFuzzFixture.AdminKey;

    /// <summary>Routes that need an admin key, or a partner key at least (POST /bookings and the partner family).</summary>
    private static readonly string[] AdminRoutes = ["POST /events", "PATCH /events/{id}", "POST /holds/{id}/expire", "DELETE /bookings/{id}", "GET /metrics", "GET /cluster"];

    private static readonly string[] PartnerRoutes = ["POST /bookings", "POST /reservations", "GET /reservations/{reservationId}", "DELETE /reservations/{reservationId}", "GET /reservations"];

    [Fact]
    public async Task GarbageApiKeysAtEveryRouteAreRefused401AndChangeNothing()
    {
        (string Label, (string, string)[] Headers, bool Exact)[] garbage =
        [
            ("X-Api-Key x", [("X-Api-Key", "x")], true),
            ("X-Api-Key: the admin key + x", [("X-Api-Key", AdminKey + "x")], true),
            ("X-Api-Key: the admin key less its last char", [("X-Api-Key", AdminKey[..^1])], true),
            ("X-Api-Key: the admin key upper-cased", [("X-Api-Key", AdminKey.ToUpperInvariant())], true),
            ("X-Api-Key: x + the partner key", [("X-Api-Key", "x" + KeyedGatewayFuzzFixture.AcmeKey)], true),
            ("X-Api-Key of 10 KB", [("X-Api-Key", new string('k', 10_000))], true),
            ("the admin key in two X-Api-Key headers", [("X-Api-Key", AdminKey), ("X-Api-Key", AdminKey)], true),
            ("a bad X-Api-Key with a good Bearer", [("X-Api-Key", "x"), ("Authorization", "Bearer " + AdminKey)], true),
            ("Bearer x", [("Authorization", "Bearer x")], true),
            ("Bearer + the admin key + x", [("Authorization", "Bearer " + AdminKey + "x")], true),
            ("BEARER x", [("Authorization", "BEARER x")], true),
            ("Bearer, two spaces, the admin key + x", [("Authorization", "Bearer  " + AdminKey + "x")], true),
            ("Bearer of 5 KB", [("Authorization", "Bearer " + new string('b', 5000))], true),
            ("X-Api-Key with UTF-8", [("X-Api-Key", System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes("ключ")))], false),
            ("X-Api-Key with a NUL", [("X-Api-Key", AdminKey + "\0")], false),
            ("X-Api-Key with a 0xFF byte", [("X-Api-Key", AdminKey + "\u00ff")], false),
        ];
        await FuzzAsync("garbage API keys", (generator, target, rng) =>
        [
            .. FuzzRoutes.All.Where(r => r.IsApi).SelectMany(route => garbage.Where(_ => rng.NextDouble() < 0.4).Select(g =>
            {
                var request = generator.ValidRequest(route, "api keys", g.Label) with { Verdict = Verdict.Refused, ExactStatus = g.Exact ? 401 : null };
                request.Headers.AddRange(g.Headers);
                return request;
            })),
            // Without a key, or with the partner's key where an admin's is needed: 401 and 403.
            .. FuzzRoutes.All.Where(r => Needs(r, AdminRoutes) || Needs(r, PartnerRoutes)).Select(route =>
                generator.ValidRequest(route, "api keys", "no key") with { Verdict = Verdict.Refused, ExactStatus = 401 }),
            .. FuzzRoutes.All.Where(r => Needs(r, AdminRoutes)).Select(route =>
            {
                var request = generator.ValidRequest(route, "api keys", "the partner's key on an admin route") with { Verdict = Verdict.Refused, ExactStatus = 403 };
                request.Headers.Add(("X-Api-Key", KeyedGatewayFuzzFixture.AcmeKey));
                return request;
            }),
        ]);
    }

    [Fact]
    public async Task MalformedRequestsWithAValidKeyAreAnswered4xxAndChangeNothing()
    {
        await FuzzAsync("malformed requests with a valid key", (generator, _, rng) =>
        {
            List<RawRequest> requests =
            [
                .. FuzzRoutes.All.Where(r => r.HasBody).SelectMany(r => generator.Bodies(r, share: 0.12)),
                .. FuzzRoutes.All.SelectMany(r => generator.Paths(r, share: 0.12)),
            ];
            foreach (var request in requests)
            {
                var partner = request.Route.Contains("/reservations", StringComparison.Ordinal) && rng.Next(2) == 0;
                request.Headers.Add(rng.Next(2) == 0
                    ? ("X-Api-Key", partner ? KeyedGatewayFuzzFixture.AcmeKey : AdminKey)
                    : ("Authorization", "Bearer " + (partner ? KeyedGatewayFuzzFixture.AcmeKey : AdminKey)));
            }
            return requests;
        });
    }

    private static bool Needs(FuzzRoute route, string[] routes) =>
        routes.Contains($"{route.Method} {route.Pattern.Replace("/api/v1", "", StringComparison.Ordinal)}");

    private async Task FuzzAsync(string name, Func<FuzzGenerator, FuzzTarget, Random, List<RawRequest>> generate)
    {
        var seed = FuzzRunner.Seed();
        var rng = new Random(seed);
        var target = await FuzzTarget.CreateAsync(fixture.Client, ("X-Api-Key", AdminKey));
        var requests = generate(new FuzzGenerator(rng, target), target, rng).OrderBy(_ => rng.Next()).ToList();
        var runner = new FuzzRunner(fixture.Client.BaseAddress!, fixture.ConnectionString, seed, output);

        await runner.RunAsync(name, requests);

        runner.AssertClean();
    }
}

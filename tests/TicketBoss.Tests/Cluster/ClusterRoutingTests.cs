using System.Net;
using System.Net.Http.Headers;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>Calls reach the one owner from anywhere; a duplicate cannot commit; outsiders cannot call.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterRoutingTests
{
    [Fact]
    public async Task ACallThroughAnySiloReachesTheOneActivationOfItsEvent()
    {
        var db = TestDatabase.CreateIsolated("route");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        const string id = "evt_route";
        Assert.True((await cluster.Client.Event(id).CreateAsync(new EventDefinition("Route", 10))).IsSuccess);

        // Every silo in turn changes the event through its cluster-routed factory, then every silo reads it.
        foreach (var silo in cluster.Silos)
        {
            var held = await silo.Grains.Event(id).HoldAsync(new HoldRequest(Quantity: 1));
            Assert.True(held.IsSuccess, held.Error?.Code);
        }
        foreach (var silo in cluster.Silos)
        {
            var snapshot = (await silo.Grains.Event(id).GetSnapshotAsync()).Value!;
            Assert.Equal((3L, 3, 7), (snapshot.Version, snapshot.Held, snapshot.Available));
        }

        // One activation in the whole cluster, on the silo placement names, and it is the only one anywhere.
        Assert.Equal(1, ActivationsOf(cluster, id));
        var owner = cluster.OwnerOf(id);
        Assert.NotNull(owner);
        Assert.Equal(PlacedOn(cluster.Client, id), owner.Id);
        Assert.Equal(1, cluster.Silos.Sum(s => s.Status.ActivationCount));
        Assert.Equal(3L, await Db.ScalarAsync<long>(db, "SELECT version FROM events WHERE event_id = $1", id));
    }

    [Fact]
    public async Task AStaleDuplicateActivationOnAnotherSiloCannotCommit()
    {
        var db = TestDatabase.CreateIsolated("stale");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        // A non-owner drops its duplicate at its next membership refresh (every 200 ms); when that falls inside an
        // attempt the duplicate is gone before it can try to commit, so the attempt proves nothing and is repeated.
        var conclusive = 0;
        for (var attempt = 0; attempt < 10 && conclusive < 3; attempt++)
        {
            var id = $"evt_stale_{attempt}";
            Assert.True((await cluster.Client.Event(id).CreateAsync(new EventDefinition("Stale", 5))).IsSuccess);
            var owner = cluster.OwnerOf(id)!;
            var onOwner = owner.LocalGrains.Event(id);
            var duplicate = cluster.Silos.First(s => s != owner).LocalGrains.Event(id);

            Assert.Equal(0, (await duplicate.GetSnapshotAsync()).Value!.Version);
            var first = await onOwner.HoldAsync(new HoldRequest(Quantity: 3));
            Assert.True(first.IsSuccess, first.Error?.Code);
            try
            {
                var second = await duplicate.HoldAsync(new HoldRequest(Quantity: 3));
                // Only a fresh activation, which loaded the first hold, may answer: it must refuse.
                Assert.Equal(ErrorCodes.NotEnoughSeats, second.Error?.Code);
            }
            catch (StateConflictException)
            {
                conclusive++;
            }

            Assert.Equal(first.Value!.HoldId, await Db.ScalarAsync<string>(db, "SELECT string_agg(hold_id, ',') FROM holds WHERE event_id = $1", id));
            var row = Assert.Single(await QueryAsync(db, "SELECT version, available, held FROM events WHERE event_id = $1", id));
            Assert.Equal<object?>([1L, 2, 3], row);
        }
        Assert.True(conclusive > 0, "The duplicate activation was never still alive when it tried to commit.");
    }

    [Fact]
    public async Task TheInternalEndpointRefusesCallersWithoutTheClusterKey()
    {
        var db = TestDatabase.CreateIsolated("key");
        await using var cluster = await TestCluster.StartAsync(db, silos: 2);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            var silo = cluster.Silos[i];
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, Members(silo), key: null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, Members(silo), key: "wrong-key")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, Members(silo), key: TestCluster.Key + "x")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, Members(silo), key: "")).Status);
            var (status, members) = await SendAsync(http, Members(silo), key: TestCluster.Key);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.All(cluster.Silos, s => Assert.Contains(s.Id, members, StringComparison.Ordinal));

            // A well-formed grain call is refused without the key and changes nothing; with the key it runs.
            var id = $"evt_key_{i}";
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, CreateEvent(silo, id), key: null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, CreateEvent(silo, id), key: "wrong-key")).Status);
            Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE event_id = $1", id));
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, CreateEvent(silo, id), key: TestCluster.Key)).Status);
            Assert.Equal(1L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE event_id = $1", id));
        }
    }

    private static HttpRequestMessage Members(ClusterSilo silo) => H2(HttpMethod.Get, silo, "/members");

    private static HttpRequestMessage CreateEvent(ClusterSilo silo, string eventId)
    {
        var request = H2(HttpMethod.Post, silo, "/grain");
        request.Headers.Add("tb-grain-type", "EventGrain");
        request.Headers.Add("tb-grain-key", eventId);
        request.Headers.Add("tb-method", "CreateAsync/1");
        request.Headers.Add("tb-timeout-ms", "10000");
        request.Headers.Add("tb-hops", "0");
        request.Content = new StringContent("""[{"Name":"Key","Capacity":5}]""");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static HttpRequestMessage H2(HttpMethod method, ClusterSilo silo, string path) =>
        new(method, $"http://{silo.Address}{path}") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpRequestMessage request, string? key)
    {
        using (request)
        {
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("tb-cluster-key", key);
            }
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}

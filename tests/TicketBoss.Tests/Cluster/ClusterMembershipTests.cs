using System.Diagnostics;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;
using Xunit.Abstractions;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>Guarantee 6: members declared dead are fenced out and rejoin; new members take their share of the grains.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterMembershipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ASiloDeclaredDeadCommitsNothingMoreAndRejoinsAsANewMember()
    {
        var db = TestDatabase.CreateIsolated("rejoin");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        await LogCommitsAsync(db);
        var ids = await CreateEventsAsync(cluster.Client, "rejoin", 30, 1000);
        var held = ids.ToDictionary(id => id, _ => 0);
        var target = cluster.Silos[1];
        var oldId = target.Id;
        var address = target.Address;
        var owned = ids.Where(id => cluster.OwnerOf(id) == target).ToList();
        Assert.NotEmpty(owned);
        // The target's own activation, which committed under the old id.
        var onTarget = target.LocalGrains.Event(owned[0]);
        Assert.True((await onTarget.HoldAsync(new HoldRequest(Quantity: 1))).IsSuccess);
        held[owned[0]]++;

        // Another silo's heartbeat would do this once the target is silent for the death timeout.
        await ExecuteAsync(db, "UPDATE silos SET status = 'Dead', declared_dead_at = now(), declared_dead_by = 'test' WHERE id = $1", oldId);
        var declaredDead = await Db.ScalarAsync<long>(db, "SELECT nextval('test_commit_seq')");
        var sinceDeclared = Stopwatch.StartNew();

        // Until it notices, the target keeps serving its old activations: no write of theirs may commit.
        var refused = 0;
        var accepted = 0;
        while (target.Id == oldId && sinceDeclared.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                var hold = await onTarget.HoldAsync(new HoldRequest(Quantity: 1));
                Assert.True(hold.IsSuccess, hold.Error?.Code);
                held[owned[0]]++;
                accepted++;
            }
            catch (GrainUnavailableException)
            {
                refused++;
            }
        }
        var rejoinedAfter = sinceDeclared.Elapsed;
        output.WriteLine($"Rejoined {rejoinedAfter.TotalMilliseconds:0} ms after being declared dead; "
            + $"meanwhile {refused} writes refused, {accepted} accepted");

        Assert.NotEqual(oldId, target.Id);
        Assert.True(rejoinedAfter < TimeSpan.FromSeconds(3), $"The silo took {rejoinedAfter} to notice it was declared dead.");
        Assert.Equal("Dead", await Db.ScalarAsync<string>(db, "SELECT status FROM silos WHERE id = $1", oldId));
        Assert.Equal<object?>(["Active", address], Assert.Single(await QueryAsync(db, "SELECT status, address FROM silos WHERE id = $1", target.Id)));
        Assert.True(await Db.ScalarAsync<long>(db, "SELECT count(*) FROM test_commit_log WHERE silo = $1", oldId) > 0,
            "The commit log saw no commit of the old incarnation at all.");
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM test_commit_log WHERE silo = $1 AND seq > $2", oldId, declaredDead));

        // The cluster works on: three members, every event writable, every acknowledged hold stored once.
        await cluster.WaitForActiveSilosAsync(3);
        foreach (var id in ids)
        {
            var hold = await cluster.Client.Event(id).HoldAsync(new HoldRequest(Quantity: 1));
            Assert.True(hold.IsSuccess, hold.Error?.Code);
            held[id]++;
        }
        foreach (var id in ids)
        {
            var row = Assert.Single(await QueryAsync(db,
                "SELECT held, (SELECT count(*) FROM holds h WHERE h.event_id = e.event_id) FROM events e WHERE event_id = $1", id));
            Assert.Equal<object?>([held[id], (long)held[id]], row);
        }
        await AssertStorageConsistentAsync(db);
        await WaitUntilAsync(async () =>
        {
            foreach (var id in ids)
            {
                Assert.Equal(held[id], (await cluster.Client.Event(id).GetSnapshotAsync()).Value!.Held);
            }
            return ids.All(id => ActivationsOf(cluster, id) == 1);
        }, TimeSpan.FromSeconds(5), "every event has one activation");
    }

    [Fact]
    public async Task ANewSiloTakesOverItsShareOfTheGrains()
    {
        var db = TestDatabase.CreateIsolated("join");
        await using var cluster = await TestCluster.StartAsync(db, silos: 2);
        var ids = await CreateEventsAsync(cluster.Client, "join", 40, 100);
        foreach (var id in ids)
        {
            Assert.True((await cluster.Client.Event(id).HoldAsync(new HoldRequest(Quantity: 1))).IsSuccess);
        }
        var ownerBefore = ids.ToDictionary(id => id, id => cluster.OwnerOf(id)!);

        var newcomer = await cluster.AddSiloAsync();
        await cluster.WaitForActiveSilosAsync(3);
        var settled = await WaitUntilAsync(async () =>
        {
            foreach (var id in ids)
            {
                Assert.True((await cluster.Client.Event(id).GetSnapshotAsync()).IsSuccess);
            }
            return ids.All(id => ActivationsOf(cluster, id) == 1 && cluster.OwnerOf(id)!.Id == PlacedOn(cluster.Client, id));
        }, TimeSpan.FromSeconds(5), "every event has one activation, on the silo placement names");

        var taken = ids.Where(id => cluster.OwnerOf(id) == newcomer).ToList();
        output.WriteLine($"The new silo took {taken.Count} of {ids.Count} events; settled in {settled.TotalMilliseconds:0} ms");
        Assert.NotEmpty(taken);
        // Rendezvous placement: the only grains that move are those the new silo takes.
        Assert.All(ids.Except(taken), id => Assert.Same(ownerBefore[id], cluster.OwnerOf(id)));

        foreach (var id in ids)
        {
            Assert.True((await cluster.Client.Event(id).HoldAsync(new HoldRequest(Quantity: 1))).IsSuccess);
            var snapshot = (await cluster.Client.Event(id).GetSnapshotAsync()).Value!;
            Assert.Equal((2L, 2, 98), (snapshot.Version, snapshot.Held, snapshot.Available));
        }
        Assert.Equal(80L, await Db.ScalarAsync<long>(db, "SELECT sum(held) FROM events"));
        await AssertStorageConsistentAsync(db);
    }

    /// <summary>
    /// Test instrumentation in this test's own database: the silo fence, unchanged, is wrapped so that every commit
    /// that passes it is logged with its silo and a sequence number. A rolled-back commit logs nothing.
    /// </summary>
    private static Task LogCommitsAsync(string db) => ExecuteAsync(db, """
        CREATE SEQUENCE test_commit_seq;
        CREATE TABLE test_commit_log (seq bigint PRIMARY KEY, silo text NOT NULL);
        ALTER FUNCTION silo_fence(text) RENAME TO silo_fence_checked;
        CREATE FUNCTION silo_fence(p_silo text) RETURNS integer LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM silo_fence_checked(p_silo);
            INSERT INTO test_commit_log VALUES (nextval('test_commit_seq'), p_silo);
            RETURN 1;
        END $$;
        """);
}

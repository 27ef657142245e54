using Orleans.Storage;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Cluster;

/// <summary>
/// A commit that loses its fence fails the call with Orleans's <see cref="InconsistentStateException"/> and drops the
/// activation (DESIGN.md guarantee 2); a caller in another process (an Orleans client, or a silo calling an event
/// hosted elsewhere) must see that exception to know the call changed nothing and may be retried.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class RemoteFailureTests
{
    /// <summary>
    /// Product bug: EventStorage throws InconsistentStateException (and StorageUnavailableException) with the
    /// <c>Npgsql.PostgresException</c> as inner exception, which Orleans cannot serialize: the response fails to
    /// serialize on the silo ("Exception sending message Response ...") and the remote caller gets
    /// <c>Orleans.Serialization.CodecNotFoundException: Could not find a codec for type Npgsql.PostgresException</c>
    /// instead. Only callers on the event's own silo see the real exception.
    /// </summary>
    [Fact]
    public async Task ACommitThatLosesItsFenceReachesARemoteCallerAsInconsistentStateException()
    {
        await using var cluster = await OrleansCluster.StartAsync("conflict", silos: 2);
        const string id = "evt_conflict";
        var grain = cluster.Client.Event(id);
        (await grain.CreateAsync(new EventDefinition("Conflict", 10))).Ok("create");
        // Another writer moves the event row on behind the activation's back.
        await using (var rowLock = await RowLock.TakeAsync(cluster.ConnectionString, id))
        {
            await rowLock.ExecuteAsync("UPDATE events SET version = version + 1 WHERE event_id = $1", id);
            await rowLock.ReleaseAsync();
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 600)));
        // The activation was dropped: the retry reloads the row and is served.
        var retried = (await grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 600))).Ok("retry");
        Assert.Single(retried.Seats);
        Assert.Equal(2L, await Db.ScalarAsync<long>(cluster.ConnectionString, "SELECT version FROM events WHERE event_id = $1", id));
    }
}

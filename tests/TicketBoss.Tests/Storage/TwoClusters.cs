using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Two silos on one database in two clusters (different cluster ids, one service id): each cluster places the event
/// on its own silo, so each has an activation of it, as two silos whose views of the cluster differ would. They share
/// the event rows and the reminder table; only the version fence keeps them apart.
/// </summary>
internal sealed class TwoClusters : IAsyncDisposable
{
    private bool _aStopped;

    private TwoClusters(string database, TestSilo a, TestSilo b, string eventId) => (Database, A, B, EventId) = (database, a, b, eventId);

    public string Database { get; }

    public TestSilo A { get; }

    public TestSilo B { get; }

    public string EventId { get; }

    /// <summary>The event's activation in cluster A.</summary>
    public IEventGrain OnA => A.Grains.GetGrain<IEventGrain>(EventId);

    /// <summary>The event's activation in cluster B.</summary>
    public IEventGrain OnB => B.Grains.GetGrain<IEventGrain>(EventId);

    /// <param name="purpose">Names the database and the event.</param>
    /// <param name="configureB">Orleans options of B's silo.</param>
    public static async Task<TwoClusters> StartAsync(string purpose, Action<ISiloBuilder>? configureB = null)
    {
        var database = TestDatabase.CreateIsolated(purpose);
        var a = await TestSilo.StartAsync(database, clusterId: "cluster-a");
        try
        {
            var b = await TestSilo.StartAsync(database, clusterId: "cluster-b", configure: configureB);
            return new TwoClusters(database, a, b, StoredEvent.NewId(purpose));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops cluster A's silo (gracefully), so that only B's activation and reminder service are left.</summary>
    public async Task StopAAsync()
    {
        _aStopped = true;
        await A.DisposeAsync();
    }

    public Task<string> HoldStatusAsync(string holdId) => Db.ScalarAsync<string>(Database, "SELECT status FROM holds WHERE hold_id = $1", holdId);

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        if (!_aStopped)
        {
            await A.DisposeAsync();
        }
    }
}

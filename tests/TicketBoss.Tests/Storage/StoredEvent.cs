using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>A silo on a database of its own, with one event created in it: what most storage tests start from.</summary>
internal sealed class StoredEvent : IAsyncDisposable
{
    private StoredEvent(TestSilo silo, string database, string id)
    {
        Silo = silo;
        Database = database;
        Id = id;
    }

    public TestSilo Silo { get; }

    public string Database { get; }

    public string Id { get; }

    public IEventGrain Grain => Silo.Grains.GetGrain<IEventGrain>(Id);

    /// <param name="purpose">Names the test's database.</param>
    /// <param name="capacity">Seats of the event.</param>
    /// <param name="configure">Orleans options beyond the ticketing set-up.</param>
    public static async Task<StoredEvent> StartAsync(string purpose, int capacity, Action<ISiloBuilder>? configure = null)
    {
        var database = TestDatabase.CreateIsolated(purpose);
        var silo = await TestSilo.StartAsync(database, configure: configure);
        try
        {
            var id = NewId(purpose);
            var created = await silo.Grains.GetGrain<IEventGrain>(id).CreateAsync(new EventDefinition("Storage test", capacity));
            Assert.True(created.IsSuccess, created.Error?.Message);
            return new StoredEvent(silo, database, id);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>A valid event id no other test uses.</summary>
    public static string NewId(string prefix) => $"evt_{prefix}_{Guid.NewGuid():N}"[..32];

    /// <summary>Rows of the event's holds in PostgreSQL (what is committed, whatever any activation holds in memory).</summary>
    public Task<long> HoldRowsAsync() => Db.ScalarAsync<long>(Database, "SELECT count(*) FROM holds WHERE event_id = $1", Id);

    /// <summary>The committed version of the event.</summary>
    public Task<long> VersionAsync() => Db.ScalarAsync<long>(Database, "SELECT version FROM events WHERE event_id = $1", Id);

    /// <summary>The committed counts of the event row, with its capacity: <c>available + held + booked = capacity</c>.</summary>
    public async Task<(int Available, int Held, int Booked, int Capacity)> CountsAsync()
    {
        var available = await Db.ScalarAsync<int>(Database, "SELECT available FROM events WHERE event_id = $1", Id);
        var held = await Db.ScalarAsync<int>(Database, "SELECT held FROM events WHERE event_id = $1", Id);
        var booked = await Db.ScalarAsync<int>(Database, "SELECT booked FROM events WHERE event_id = $1", Id);
        var capacity = await Db.ScalarAsync<int>(Database, "SELECT capacity FROM events WHERE event_id = $1", Id);
        return (available, held, booked, capacity);
    }

    /// <summary>Seats in the event's active hold rows: what the event row's <c>held</c> must equal.</summary>
    public Task<long> SeatsInActiveHoldRowsAsync() => Db.ScalarAsync<long>(Database,
        "SELECT COALESCE(sum(cardinality(seats)), 0)::bigint FROM holds WHERE event_id = $1 AND status = 'active'", Id);

    public ValueTask DisposeAsync() => Silo.DisposeAsync();
}

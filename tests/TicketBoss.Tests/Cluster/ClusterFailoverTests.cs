using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Client;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;
using Xunit.Abstractions;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>Silos leave, gracefully or not, while callers keep going: nothing acknowledged is lost, nothing oversold.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AGracefulStopUnderLoadMovesItsGrainsWithoutAFailedCall()
    {
        var db = TestDatabase.CreateIsolated("drain");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        var ids = await CreateEventsAsync(cluster.Client, "drain", 20, 100_000);
        var leaving = SiloOwningMost(cluster, ids);
        var moving = ids.Where(id => cluster.OwnerOf(id) == leaving).ToList();
        var held = new ConcurrentDictionary<string, int>();
        var movedAndServed = new ConcurrentDictionary<string, bool>();
        var refused = new ConcurrentQueue<string>();
        var stopped = false;
        var metrics = cluster.Silos.Select(s => s.Catalog.Metrics).ToList();
        var leavingCatalog = leaving.Catalog;

        var load = new LoadRun(8, async _ =>
        {
            var id = ids[Random.Shared.Next(ids.Count)];
            var hold = await cluster.Client.Event(id).HoldAsync(new HoldRequest(Quantity: 1));
            if (!hold.IsSuccess)
            {
                refused.Enqueue(hold.Error!.Code);
                return;
            }
            held.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (Volatile.Read(ref stopped) && moving.Contains(id))
            {
                movedAndServed[id] = true;
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stopAt = load.Elapsed;
        await cluster.StopSiloAsync(leaving);
        Volatile.Write(ref stopped, true);
        var stopTook = load.Elapsed - stopAt;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await load.StopAsync();
        output.WriteLine($"{load.Calls} holds in {load.Elapsed.TotalSeconds:0.0} s; the stop of {moving.Count}/{ids.Count} events' silo took {stopTook.TotalMilliseconds:0} ms");

        Assert.True(load.Failures.IsEmpty, $"{load.Failures.Count} failed calls, first: {load.Failures.FirstOrDefault().Error}");
        Assert.Empty(refused);
        Assert.NotEmpty(movedAndServed);
        // The leaving silo committed and closed every activation before anyone else loaded its grains: no commit
        // lost a fence anywhere.
        Assert.Equal(0, leavingCatalog.Count);
        Assert.Equal(0L, metrics.Sum(m => m.FailedCommits));
        await cluster.WaitForActiveSilosAsync(2);
        foreach (var id in ids)
        {
            var expected = held.GetValueOrDefault(id);
            var row = Assert.Single(await QueryAsync(db,
                "SELECT held, (SELECT count(*) FROM holds h WHERE h.event_id = e.event_id) FROM events e WHERE event_id = $1", id));
            Assert.Equal<object?>([expected, (long)expected], row);
            Assert.Equal(expected, (await cluster.Client.Event(id).GetSnapshotAsync()).Value!.Held);
        }
        await AssertStorageConsistentAsync(db);
    }

    [Fact]
    public async Task ACrashedOwnersEventAnswersAgainSoonAndNoAcknowledgedBookingIsLost()
    {
        var db = TestDatabase.CreateIsolated("crash");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        var ids = await CreateEventsAsync(cluster.Client, "crash", 10, 100_000);
        var victim = cluster.OwnerOf(ids[0])!;
        var holds = new ConcurrentQueue<string>();
        var bookings = new ConcurrentQueue<(string EventId, string BookingId)>();
        var refused = new ConcurrentQueue<string>();

        async Task<bool> HoldAndBookAsync(string id)
        {
            var grain = cluster.Client.Event(id);
            var hold = await grain.HoldAsync(new HoldRequest(Quantity: 1));
            if (!hold.IsSuccess)
            {
                refused.Enqueue(hold.Error!.Code);
                return false;
            }
            holds.Enqueue(hold.Value!.HoldId);
            var booked = await grain.BookHoldAsync(hold.Value.HoldId, hold.Value.PaymentToken!);
            if (!booked.IsSuccess)
            {
                refused.Enqueue(booked.Error!.Code);
                return false;
            }
            bookings.Enqueue((id, booked.Value!.Booking.BookingId));
            return true;
        }

        // Half the workers on the first event, so that calls are in flight on it when its silo dies.
        var load = new LoadRun(8, worker => HoldAndBookAsync(worker % 2 == 0 ? ids[0] : ids[Random.Shared.Next(ids.Count)]));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var crashAt = load.Elapsed;
        var sinceCrash = Stopwatch.StartNew();
        await cluster.CrashSiloAsync(victim);

        TimeSpan? answered = null;
        var probeFailures = 0;
        while (answered is null && sinceCrash.Elapsed < TestCluster.DetectionTime + TimeSpan.FromSeconds(10))
        {
            try
            {
                if (await HoldAndBookAsync(ids[0]))
                {
                    answered = sinceCrash.Elapsed;
                }
            }
            catch (Exception e) when (IsCrashWindowFailure(e))
            {
                probeFailures++;
                await Task.Delay(20);
            }
        }
        var rest = TimeSpan.FromSeconds(5) - sinceCrash.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        await load.StopAsync();

        var failures = load.Failures.ToList();
        output.WriteLine($"{load.Calls} hold+book rounds, {bookings.Count} bookings; crash at {crashAt.TotalSeconds:0.00} s; "
            + $"first event answered {answered?.TotalMilliseconds:0} ms after the crash ({probeFailures} failed probes)");
        foreach (var group in failures.GroupBy(f => f.Error.GetType().Name))
        {
            output.WriteLine($"  {group.Count()} x {group.Key}, {(group.Min(f => f.At) - crashAt).TotalMilliseconds:0} to "
                + $"{(group.Max(f => f.At) - crashAt).TotalMilliseconds:0} ms after the crash: {group.First().Error.Message}");
        }

        Assert.NotNull(answered);
        Assert.True(answered <= TestCluster.DetectionTime + TimeSpan.FromSeconds(5), $"The first event answered {answered} after the crash.");
        Assert.All(failures, f => Assert.True(IsCrashWindowFailure(f.Error), f.Error.ToString()));
        // Callers fail only around the crash: once the cluster has noticed, every call succeeds again.
        Assert.All(failures, f => Assert.InRange(f.At - crashAt, TimeSpan.FromMilliseconds(-200), TestCluster.DetectionTime + TimeSpan.FromSeconds(2)));
        Assert.Empty(refused);

        await cluster.WaitForActiveSilosAsync(2);
        Assert.Equal((long)holds.Count, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE hold_id = ANY($1)", [holds.ToArray()]));
        Assert.Equal((long)bookings.Count, await Db.ScalarAsync<long>(db,
            "SELECT count(*) FROM bookings WHERE booking_id = ANY($1) AND status = 'confirmed'", [bookings.Select(b => b.BookingId).ToArray()]));
        foreach (var (eventId, bookingId) in bookings)
        {
            var booking = await cluster.Client.Event(eventId).GetBookingAsync(bookingId);
            Assert.True(booking.IsSuccess, $"{bookingId}: {booking.Error?.Code}");
            Assert.Equal(BookingStatus.Confirmed, booking.Value!.Status);
        }
        foreach (var id in ids)
        {
            var snapshot = (await cluster.Client.Event(id).GetSnapshotAsync()).Value!;
            var row = Assert.Single(await QueryAsync(db, "SELECT version, available, held, booked FROM events WHERE event_id = $1", id));
            Assert.Equal<object?>([snapshot.Version, snapshot.Available, snapshot.Held, snapshot.Booked], row);
            Assert.Equal(snapshot.Total, snapshot.Available + snapshot.Held + snapshot.Booked);
        }
        await AssertStorageConsistentAsync(db);
    }

    [Fact]
    public async Task LiveHoldsOfACrashedSiloStillExpireOnTime()
    {
        var db = TestDatabase.CreateIsolated("expiry");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        const string id = "evt_expiry";
        var grain = cluster.Client.Event(id);
        Assert.True((await grain.CreateAsync(new EventDefinition("Expiry", 10))).IsSuccess);
        var holds = new List<HoldInfo>();
        for (var i = 0; i < 3; i++)
        {
            holds.Add((await grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 2))).Value!);
        }
        await cluster.CrashSiloAsync(cluster.OwnerOf(id)!);

        var due = holds.Max(h => h.ExpiresAt);
        await WaitUntilAsync(async () =>
            await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds WHERE event_id = $1 AND status = 'expired'", id) == 3,
            TimeSpan.FromSeconds(2) + TestCluster.DetectionTime + TimeSpan.FromSeconds(5), "the crashed silo's holds expire");
        var late = DateTimeOffset.UtcNow - due;
        output.WriteLine($"The holds expired at most {late.TotalMilliseconds:0} ms after their TTL");

        Assert.InRange(late, TimeSpan.FromMilliseconds(-250), TestCluster.DetectionTime + TimeSpan.FromSeconds(2));
        var row = Assert.Single(await QueryAsync(db, "SELECT available, held, booked FROM events WHERE event_id = $1", id));
        Assert.Equal<object?>([10, 0, 0], row);
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM reminders WHERE grain_key = $1", id));
        Assert.Equal(HoldStatus.Expired, (await grain.GetHoldAsync(holds[0].HoldId)).Value!.Status);
    }

    [Fact]
    public async Task StoppingOrCrashingASiloWhileItsReminderPollIsInFlightDoesNotThrow()
    {
        var db = TestDatabase.CreateIsolated("pollstop");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        // Park every silo's reminder poll on a lock, so that each stops in the middle of one (as any stop may, by chance).
        await using var blocker = new NpgsqlConnection(db);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockReminders = new NpgsqlCommand("LOCK TABLE reminders IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockReminders.ExecuteNonQueryAsync();
        }
        await WaitUntilAsync(async () => await Db.ScalarAsync<long>(db,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 3,
            TimeSpan.FromSeconds(5), "every silo's reminder poll waits");

        var stop = await Record.ExceptionAsync(() => cluster.StopSiloAsync(cluster.Silos[0]));
        var crash = await Record.ExceptionAsync(() => cluster.CrashSiloAsync(cluster.Silos[0]));
        await transaction.RollbackAsync();

        Assert.True(stop is null && crash is null,
            $"The graceful stop threw {stop?.GetType().Name} ({stop?.Message}); the crash threw {crash?.GetType().Name} ({crash?.Message}).");
        Assert.True((await cluster.Client.Event("evt_pollstop").CreateAsync(new EventDefinition("PollStop", 5))).IsSuccess);
    }

    [Fact]
    public async Task AClientKeepsWorkingWhenTheSiloItLearntTheClusterFromStops()
    {
        var db = TestDatabase.CreateIsolated("seed");
        await using var cluster = await TestCluster.StartAsync(db, silos: 3);
        var seed = cluster.Silos[0];
        var seedId = seed.Id;
        await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
        {
            Seeds = [seed.Address],
            ClusterKey = TestCluster.Key,
            RefreshInterval = TimeSpan.FromMilliseconds(200),
            SuspicionDuration = TimeSpan.FromSeconds(2),
            CallTimeout = TimeSpan.FromSeconds(20),
        });
        Assert.Equal(3, client.Members.Count(m => m.IsActive));
        var ids = await CreateEventsAsync(client, "seed", 10, 100_000);
        var held = new ConcurrentDictionary<string, int>();
        var refused = new ConcurrentQueue<string>();

        var load = new LoadRun(4, async _ =>
        {
            var id = ids[Random.Shared.Next(ids.Count)];
            var hold = await client.Event(id).HoldAsync(new HoldRequest(Quantity: 1));
            if (hold.IsSuccess)
            {
                held.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            else
            {
                refused.Enqueue(hold.Error!.Code);
            }
        });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await cluster.StopSiloAsync(seed);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.StopAsync();

        Assert.True(load.Failures.IsEmpty, $"{load.Failures.Count} failed calls, first: {load.Failures.FirstOrDefault().Error}");
        Assert.Empty(refused);
        await WaitUntilAsync(() => client.Members.Count(m => m.IsActive) == 2 && client.Members.All(m => m.Id != seedId),
            TimeSpan.FromSeconds(5), "the client follows the cluster without its seed");

        // The client follows the cluster on its own: it learns of a silo started after its seed left.
        var newcomer = await cluster.AddSiloAsync();
        await WaitUntilAsync(() => client.Members.Any(m => m.Id == newcomer.Id && m.IsActive),
            TimeSpan.FromSeconds(5), "the client learns of a silo that joined after its seed left");

        // New work long after the seed is gone, some of it on the newcomer.
        await cluster.WaitForActiveSilosAsync(3);
        var later = await CreateEventsAsync(client, "later", 30, 10);
        Assert.Contains(later, id => cluster.OwnerOf(id) == newcomer);
        foreach (var id in later)
        {
            Assert.True((await client.Event(id).HoldAsync(new HoldRequest(Quantity: 2))).IsSuccess);
            held[id] = 2;
        }
        foreach (var id in ids.Concat(later))
        {
            Assert.Equal(held.GetValueOrDefault(id), await Db.ScalarAsync<int>(db, "SELECT held FROM events WHERE event_id = $1", id));
        }
        await AssertStorageConsistentAsync(db);
    }
}

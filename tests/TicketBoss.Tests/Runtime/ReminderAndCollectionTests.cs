using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>Guarantees 5 and 8: durable reminders fire without the activation; idle activations are collected.</summary>
public sealed class ReminderAndCollectionTests
{
    [Fact]
    public async Task TheReminderExpiresAHoldWhoseGrainWasDeactivated()
    {
        var db = TestDatabase.CreateIsolated("reminder");
        await using var silo = await TestSilo.StartAsync(db);
        var grain = silo.Grains.GetGrain<IEventGrain>("evt_reminder");
        await grain.CreateAsync(new EventDefinition("Reminder", 4));
        var hold = (await grain.HoldAsync(new HoldRequest(Quantity: 3, TtlSeconds: 1))).Value!;

        await silo.Status.DeactivateAllAsync();
        Assert.Equal(0, silo.Status.ActivationCount);

        // Read the tables, not the grain: nothing but the reminder may have expired the hold.
        await Poll.UntilAsync(async () => await Db.ScalarAsync<string>(db, "SELECT status FROM holds WHERE hold_id = $1", hold.HoldId) == "expired",
            TimeSpan.FromSeconds(15), "the reminder expires the hold");
        Assert.Equal(4, await Db.ScalarAsync<int>(db, "SELECT available FROM events WHERE event_id = $1", "evt_reminder"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM reminders WHERE grain_key = $1", "evt_reminder"));
    }

    [Fact]
    public async Task AReminderOutlivesTheSiloThatSetIt()
    {
        var db = TestDatabase.CreateIsolated("outlive");
        string holdId;
        await using (var first = await TestSilo.StartAsync(db))
        {
            var grain = first.Grains.GetGrain<IEventGrain>("evt_outlive");
            await grain.CreateAsync(new EventDefinition("Outlive", 4));
            holdId = (await grain.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 2))).Value!.HoldId;
        }
        await using var second = await TestSilo.StartAsync(db);

        await Poll.UntilAsync(async () => await Db.ScalarAsync<string>(db, "SELECT status FROM holds WHERE hold_id = $1", holdId) == "expired",
            TimeSpan.FromSeconds(15), "the second silo's reminder poll expires the hold");
    }

    [Fact]
    public async Task IdleActivationsAreCollectedAndReloadTheirState()
    {
        var db = TestDatabase.CreateIsolated("idle");
        await using var silo = await TestSilo.StartAsync(db, o =>
        {
            o.ActivationIdleTimeout = TimeSpan.FromMilliseconds(300);
            o.CollectionInterval = TimeSpan.FromMilliseconds(100);
        });
        var grain = silo.Grains.GetGrain<IEventGrain>("evt_idle");
        await grain.CreateAsync(new EventDefinition("Idle", 10));
        await grain.HoldAsync(new HoldRequest(Quantity: 4));
        Assert.True(silo.Status.ActivationCount >= 1);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (silo.Status.ActivationCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(0, silo.Status.ActivationCount);

        var snapshot = (await grain.GetSnapshotAsync()).Value!;
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(4, snapshot.Held);
    }
}

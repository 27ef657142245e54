using Orleans.Storage;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Guarantee 5: holds expire on time whoever is active. The Orleans reminder that wakes the event is durable before
/// the hold that needs it, returns the hold's seats with the event deactivated, and goes once no hold is live.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ExpiryReminderTests
{
    [Fact]
    public async Task AHoldsSeatsReturnOnTimeWhileItsEventIsDeactivated()
    {
        await using var stored = await StoredEvent.StartAsync("reminder", 4);
        var hold = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 3, TtlSeconds: 3))).Value!;

        await stored.Silo.Grains.DeactivateAllAsync();
        Assert.Equal(0, await EventActivations.CountAsync(stored.Silo.Grains));

        // Read the tables, not the grain: nothing but the reminder may wake the event and expire the hold. Its first
        // tick is due at the hold's expiry, the next ones a second apart.
        await Poll.UntilAsync(async () => await HoldStatusAsync(stored, hold.HoldId) == "expired",
            hold.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5), "the reminder expires the hold");
        Assert.Equal((4, 0, 0, 4), await stored.CountsAsync());
        Assert.Equal(2L, await stored.VersionAsync());
        await Poll.UntilAsync(async () => await ReminderRowsAsync(stored) == 0, TimeSpan.FromSeconds(10), "the reminder is removed");
    }

    [Fact]
    public async Task AShortHoldPlacedAfterALongerOneReturnsOnTimeWhileItsEventIsDeactivated()
    {
        await using var stored = await StoredEvent.StartAsync("remindershort", 10);
        // The reminder is first due when this hold expires, a minute away.
        var longer = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 60))).Value!;
        var shorter = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 3, TtlSeconds: 3))).Value!;

        await stored.Silo.Grains.DeactivateAllAsync();
        Assert.Equal(0, await EventActivations.CountAsync(stored.Silo.Grains));

        // As after the event's silo died: only the reminder can wake the event in time for the shorter hold.
        await Poll.UntilAsync(async () => await HoldStatusAsync(stored, shorter.HoldId) == "expired",
            shorter.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5), "the reminder expires the shorter hold");
        Assert.Equal("active", await HoldStatusAsync(stored, longer.HoldId));
        Assert.Equal((8, 2, 0, 10), await stored.CountsAsync());
    }

    [Fact]
    public async Task AHoldIsNotCommittedNorAnsweredBeforeItsExpiryReminderIsInTheTable()
    {
        await using var stored = await StoredEvent.StartAsync("reminderfirst", 4);
        Task<Outcome<HoldInfo>> hold;
        await using (var reminders = await TableLock.TakeAsync(stored.Database, "orleans_reminders"))
        {
            hold = stored.Grain.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 60));
            await Task.Delay(700);
            // Were the hold durable first, a silo dying now would leave it with nothing to return its seats.
            Assert.False(hold.IsCompleted, "the hold was answered before its reminder was registered");
            Assert.Equal(0L, await stored.HoldRowsAsync());
            await reminders.ReleaseAsync();
        }

        Assert.True((await hold).IsSuccess);
        Assert.Equal(1L, await ReminderRowsAsync(stored));
        Assert.Equal(1L, await stored.HoldRowsAsync());
    }

    [Fact]
    public async Task AHoldWhoseReminderCannotBeRegisteredIsNotCommittedAndTheNextCallReloads()
    {
        await using var stored = await StoredEvent.StartAsync("remindererror", 10);
        Task<Outcome<HoldInfo>> refused;
        Task<Outcome<EventSnapshot>> behind;
        await using (await TableLock.TakeAsync(stored.Database, "orleans_reminders"))
        {
            refused = stored.Grain.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 60));
            await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(stored.Database) == 1, TimeSpan.FromSeconds(15),
                "the reminder's registration waits on the table lock");
            // A read applied behind the hold saw it: it fails with it.
            behind = stored.Grain.GetSnapshotAsync();
            // The provider's statement fails (as with PostgreSQL out of reach) once the lock is gone.
            await Db.ScalarAsync<object>(stored.Database, "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        }

        // Nothing of the hold was committed: a retry is safe.
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => refused);
        Assert.Contains("reminder", error.Message);
        await Assert.ThrowsAsync<InconsistentStateException>(() => behind);
        Assert.Equal(0L, await stored.HoldRowsAsync());
        Assert.Equal(0L, await ReminderRowsAsync(stored));

        Assert.True((await stored.Grain.HoldAsync(new HoldRequest(Quantity: 2, TtlSeconds: 60))).IsSuccess);
        Assert.Equal((8, 2, 0, 10), await stored.CountsAsync());
        Assert.Equal(1L, await ReminderRowsAsync(stored));
    }

    [Fact]
    public async Task TheReminderStaysWhileAHoldIsLiveAndGoesWhenTheLastOneEnds()
    {
        await using var stored = await StoredEvent.StartAsync("reminderends", 10);
        var first = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 3))).Value!;
        var second = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 60))).Value!;
        Assert.Equal(1L, await ReminderRowsAsync(stored));

        Assert.True((await stored.Grain.ReleaseHoldAsync(first.HoldId)).IsSuccess);
        // The reminder ticks from the first hold's expiry on, each tick finding the second one live.
        await Task.Delay(first.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));
        Assert.Equal(1L, await ReminderRowsAsync(stored));
        Assert.Equal("active", await HoldStatusAsync(stored, second.HoldId));

        Assert.True((await stored.Grain.BookHoldAsync(second.HoldId, second.PaymentToken!)).IsSuccess);
        await Poll.UntilAsync(async () => await ReminderRowsAsync(stored) == 0, TimeSpan.FromSeconds(10), "the reminder is removed");
        Assert.Equal("released", await HoldStatusAsync(stored, first.HoldId));
        Assert.Equal("booked", await HoldStatusAsync(stored, second.HoldId));
    }

    private static Task<string> HoldStatusAsync(StoredEvent stored, string holdId) =>
        Db.ScalarAsync<string>(stored.Database, "SELECT status FROM holds WHERE hold_id = $1", holdId);

    /// <summary>The event's rows in Orleans's reminder table (its grain id ends with the event id).</summary>
    private static Task<long> ReminderRowsAsync(StoredEvent stored) =>
        Db.ScalarAsync<long>(stored.Database, "SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%/' || $1", stored.Id);
}

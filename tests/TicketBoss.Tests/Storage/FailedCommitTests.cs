using Npgsql;
using Orleans.Storage;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Guarantee 4's other half: when a commit fails, every change in it fails together, and so does every change applied
/// behind it (memory then holds what storage does not: the state is poisoned); the activation is dropped and the next
/// call reloads only what was committed. The caller learns whether a retry is safe.
/// </summary>
public sealed class FailedCommitTests
{
    [Fact]
    public async Task ACommitPostgreSQLRefusesFailsItsCallAndEveryCallAppliedBehindItAndNoneOfThemAppearsLater()
    {
        await using var stored = await StoredEvent.StartAsync("refused", 10);
        Task<Outcome<HoldInfo>> first;
        Task[] behind;
        // PostgreSQL refuses the first hold row only: the calls behind it are refused by nothing but the poisoned state.
        await using (await HoldRefusal.InstallAsync(stored.Database, stored.Id, once: true))
        {
            await using (var rowLock = await RowLock.TakeAsync(stored.Database, stored.Id))
            {
                // The first hold's commit waits on the row lock; the calls behind it are applied to memory meanwhile.
                first = stored.Grain.HoldAsync(new HoldRequest(Quantity: 1));
                await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(stored.Database) == 1,
                    TimeSpan.FromSeconds(15), "the first commit waits on the row lock");
                behind =
                [
                    .. Enumerable.Range(0, 5).Select(_ => stored.Grain.HoldAsync(new HoldRequest(Quantity: 1))),
                    stored.Grain.BookSeatsAsync(["9", "10"]),
                    // A read behind them saw their changes: it must not be answered either.
                    stored.Grain.GetSnapshotAsync(),
                ];
                await Task.Delay(300);
                await rowLock.ReleaseAsync();
            }

            // PostgreSQL rolled the first commit back: nothing landed, a retry is safe.
            var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => first);
            Assert.Contains(HoldRefusal.Message, refused.Message);
            foreach (var call in behind)
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => call);
            }
        }

        Assert.Equal(0L, await stored.HoldRowsAsync());
        Assert.Equal(0L, await Db.ScalarAsync<long>(stored.Database, "SELECT count(*) FROM bookings WHERE event_id = $1", stored.Id));
        Assert.Equal(0L, await stored.VersionAsync());
        // A fresh activation: what was committed, nothing of the failed calls.
        var reloaded = (await stored.Grain.GetSnapshotAsync()).Value!;
        Assert.Equal((0L, 10, 0, 0), (reloaded.Version, reloaded.Available, reloaded.Held, reloaded.Booked));

        Assert.True((await stored.Grain.HoldAsync(new HoldRequest(Quantity: 2))).IsSuccess);
        Assert.True((await stored.Grain.BookSeatsAsync(["9"])).IsSuccess);
        Assert.Equal(2L, await stored.VersionAsync());
        Assert.Equal((7, 2, 1, 10), await stored.CountsAsync());
        Assert.Equal(2L, await stored.SeatsInActiveHoldRowsAsync());
        Assert.Equal(1L, await stored.HoldRowsAsync());
        Assert.Equal(1L, await Db.ScalarAsync<long>(stored.Database,
            "SELECT COALESCE(sum(cardinality(seats)), 0)::bigint FROM bookings WHERE event_id = $1 AND status = 'confirmed'", stored.Id));
    }

    [Fact]
    public async Task ACommitWhoseSessionTheServerEndsTellsItsCallerTheOutcomeIsUnknownAndTheNextCallReloads()
    {
        await using var stored = await StoredEvent.StartAsync("terminated", 10);
        Task<Outcome<HoldInfo>> hold;
        await using (var rowLock = await RowLock.TakeAsync(stored.Database, stored.Id))
        {
            hold = stored.Grain.HoldAsync(new HoldRequest(Quantity: 3));
            await Poll.UntilAsync(async () => await GroupCommitTests.CommitsWaitingOnLocksAsync(stored.Database) == 1,
                TimeSpan.FromSeconds(15), "the commit waits on the row lock");
            // As at a PostgreSQL restart: the server ends the session (FATAL 57P01) while the commit runs.
            Assert.True(await Db.ScalarAsync<bool>(stored.Database, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """));
            await rowLock.ReleaseAsync();
        }

        // The session ended mid-commit: the client cannot know whether the server committed first, so a retry needs
        // the caller's idempotence. The cause travels with the answer, as text (the driver's exception is logged).
        var error = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => hold);
        Assert.Contains("57P01", error.Message);
        Assert.Equal(0L, await stored.HoldRowsAsync());
        Assert.True((await stored.Grain.HoldAsync(new HoldRequest(Quantity: 3))).IsSuccess);
        Assert.Equal((7, 3, 0, 10), await stored.CountsAsync());
        Assert.Equal(1L, await stored.VersionAsync());
    }
}

using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Grains;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// Issue 21: an event keeps in memory what is live; holds that ended and cancelled bookings leave it after the grace
/// period (zero here, so they leave at the next commit) and are answered from PostgreSQL exactly as before.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class EndedRecordsTests
{
    private static readonly Action<ISiloBuilder> NoGrace = silo =>
        silo.Services.Configure<TicketingOptions>(o => o.EndedGracePeriod = TimeSpan.Zero);

    [Fact]
    public async Task AnEndedHoldThatLeftMemoryIsReadBackFromStorageAsItWas()
    {
        await using var stored = await StoredEvent.StartAsync("ended_read", 10, NoGrace);
        var hold = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 3))).Value!;
        var released = (await stored.Grain.ReleaseHoldAsync(hold.HoldId)).Value!;
        await stored.Grain.GetSnapshotAsync();

        var read = (await stored.Grain.GetHoldAsync(hold.HoldId)).Value!;

        Assert.Equivalent(released, read, strict: true);
        Assert.Equal(HoldStatus.Released, read.Status);
        Assert.Equal(ErrorCodes.HoldReleased, (await stored.Grain.ReleaseHoldAsync(hold.HoldId)).Error!.Code);
        // Only storage knows the hold now: once its row is gone, so is the hold.
        await Db.ScalarAsync<int>(stored.Database, "WITH d AS (DELETE FROM holds WHERE hold_id = $1 RETURNING 1) SELECT count(*)::int FROM d", hold.HoldId);
        Assert.Equal(ErrorCodes.HoldNotFound, (await stored.Grain.GetHoldAsync(hold.HoldId)).Error!.Code);
    }

    [Fact]
    public async Task ARetriedBookingOfAHoldThatLeftMemoryAnswersTheSameBooking()
    {
        await using var stored = await StoredEvent.StartAsync("ended_book", 10, NoGrace);
        var hold = (await stored.Grain.HoldAsync(new HoldRequest(Quantity: 2))).Value!;
        var booked = (await stored.Grain.BookHoldAsync(hold.HoldId, hold.PaymentToken!)).Value!;
        await stored.Grain.GetSnapshotAsync();

        var retried = (await stored.Grain.BookHoldAsync(hold.HoldId, hold.PaymentToken!)).Value!;

        Assert.True(retried.Replayed);
        Assert.Equivalent(booked.Booking, retried.Booking, strict: true);
        Assert.Equal(ErrorCodes.InvalidPaymentToken, (await stored.Grain.BookHoldAsync(hold.HoldId, new string('A', 32))).Error!.Code);
        Assert.Equal(HoldStatus.Booked, (await stored.Grain.GetHoldAsync(hold.HoldId)).Value!.Status);
        Assert.Equal((8, 0, 2, 10), await stored.CountsAsync());
        // The retries were answered from storage: with the hold's row gone, the hold is unknown.
        await Db.ScalarAsync<int>(stored.Database, "WITH d AS (DELETE FROM holds WHERE hold_id = $1 RETURNING 1) SELECT count(*)::int FROM d", hold.HoldId);
        Assert.Equal(ErrorCodes.HoldNotFound, (await stored.Grain.BookHoldAsync(hold.HoldId, hold.PaymentToken!)).Error!.Code);
    }

    [Fact]
    public async Task ForgettingAndReloadingLeaveEveryCountAndEveryAnswerAsTheyWere()
    {
        await using var stored = await StoredEvent.StartAsync("ended_reload", 40, NoGrace);
        var holds = new List<HoldInfo>();
        for (var i = 0; i < 20; i++)
        {
            holds.Add((await stored.Grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 900))).Value!);
        }
        for (var i = 0; i < 6; i++)
        {
            await stored.Grain.ReleaseHoldAsync(holds[i].HoldId);
        }
        var bookings = new List<BookingInfo>();
        for (var i = 6; i < 10; i++)
        {
            bookings.Add((await stored.Grain.BookHoldAsync(holds[i].HoldId, holds[i].PaymentToken!)).Value!.Booking);
        }
        var cancelled = (await stored.Grain.CancelBookingAsync(bookings[0].BookingId)).Value!;
        var before = (await stored.Grain.GetSnapshotAsync()).Value!;
        var answers = await ReadAllAsync(stored.Grain, holds, bookings);

        await stored.Silo.Grains.DeactivateAllAsync();
        var reloaded = (await stored.Grain.GetSnapshotAsync()).Value!;

        Assert.Equal(before, reloaded);
        Assert.Equivalent(answers, await ReadAllAsync(stored.Grain, holds, bookings), strict: true);
        Assert.Equal(BookingStatus.Cancelled, (await stored.Grain.GetBookingAsync(cancelled.BookingId)).Value!.Status);
        // The released hold's seats and the cancelled booking's are free; the held ones are not.
        Assert.Equal((40 - 10 - 3, 10, 3), (reloaded.Available, reloaded.Held, reloaded.Booked));
        Assert.Equal(ErrorCodes.BookingCancelled, (await stored.Grain.CancelBookingAsync(cancelled.BookingId)).Error!.Code);
    }

    [Fact]
    public async Task RetentionDeletesOldEndedHoldsAndKeepsLiveOnes()
    {
        var database = TestDatabase.CreateIsolated("retention");
        await using var silo = await TestSilo.StartAsync(database, settings: new Dictionary<string, string?>
        {
            ["Ticketing:EndedHoldRetention"] = "00:00:01",
            ["Ticketing:EndedGracePeriod"] = "00:00:00",
        });
        var grain = silo.Grains.GetGrain<IEventGrain>(StoredEvent.NewId("retention"));
        Assert.True((await grain.CreateAsync(new EventDefinition("Retention", 10))).IsSuccess);
        var ended = (await grain.HoldAsync(new HoldRequest(Quantity: 1))).Value!;
        var live = (await grain.HoldAsync(new HoldRequest(Quantity: 1, TtlSeconds: 900))).Value!;
        await grain.ReleaseHoldAsync(ended.HoldId);

        await Poll.UntilAsync(async () => (await grain.GetHoldAsync(ended.HoldId)).Error?.Code == ErrorCodes.HoldNotFound,
            TimeSpan.FromSeconds(20), "the ended hold's row is deleted");

        Assert.Equal(HoldStatus.Active, (await grain.GetHoldAsync(live.HoldId)).Value!.Status);
        Assert.Equal((9, 1), ((await grain.GetSnapshotAsync()).Value!.Available, (await grain.GetSnapshotAsync()).Value!.Held));
    }

    private static async Task<List<object>> ReadAllAsync(IEventGrain grain, List<HoldInfo> holds, List<BookingInfo> bookings)
    {
        var answers = new List<object>();
        foreach (var hold in holds)
        {
            answers.Add((await grain.GetHoldAsync(hold.HoldId)).Value!);
        }
        foreach (var booking in bookings)
        {
            answers.Add((await grain.GetBookingAsync(booking.BookingId)).Value!);
        }
        return answers;
    }
}

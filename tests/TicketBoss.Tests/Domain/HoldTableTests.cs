using TicketBoss.Grains;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Tests.Domain;

/// <summary>The hold table packs ids and tokens into numbers; what comes out must be exactly what went in.</summary>
public sealed class HoldTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AHoldMadeByTheEventComesBackWithTheSameIdTokenSeatsAndTimes()
    {
        var table = new HoldTable("evt_a");
        var ids = Enumerable.Range(0, 1000).Select(_ => $"{Secrets.NewId("hld")}.evt_a").ToArray();
        var tokens = ids.Select(_ => Secrets.NewToken()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i, table.Add(ids[i], Enumerable.Range(i, i % 4 + 1).ToArray(), T0.AddSeconds(i), T0.AddMinutes(i), tokens[i]));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(table.TryFind(ids[i], out var slot));
            var hold = table.Snapshot(slot);
            Assert.Equal((ids[i], tokens[i], T0.AddSeconds(i), T0.AddMinutes(i), HoldStatus.Active, (string?)null),
                (hold.Id, hold.PaymentToken, hold.CreatedAt, hold.ExpiresAt, hold.Status, hold.BookingId));
            Assert.Equal(Enumerable.Range(i, i % 4 + 1), hold.Seats);
        }
    }

    [Theory]
    [InlineData("hld_legacy-id-1", "tok")]
    [InlineData("hld_ABCDEFGHIJKL.evt_other", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")]
    [InlineData("hld_ABCDEFGHIJK!.evt_a", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcde+")]
    [InlineData("hld_ABCDEFGHIJKL.evt_a", "short")]
    public void AnIdOrTokenOfAnotherFormIsKeptAsText(string id, string token)
    {
        var table = new HoldTable("evt_a");
        table.Add("hld_000000000000.evt_a", [1], T0, T0.AddMinutes(5), "00000000000000000000000000000000");
        var slot = table.Add(id, [2], T0, T0.AddMinutes(5), token, HoldStatus.Booked, "bkg_1.evt_a");

        Assert.True(table.TryFind(id, out var found));
        Assert.Equal(slot, found);
        Assert.Equal((id, token, HoldStatus.Booked, "bkg_1.evt_a"), (table.IdOf(slot), table.TokenOf(slot), table.StatusOf(slot), table.BookingIdOf(slot)));
        Assert.False(table.TryFind("hld_ABCDEFGHIJKM.evt_a", out _));
    }

    [Fact]
    public void EndingAHoldChangesOnlyThatHold()
    {
        var table = new HoldTable("evt_a");
        var first = table.Add($"{Secrets.NewId("hld")}.evt_a", [1, 2], T0, T0.AddMinutes(5), Secrets.NewToken());
        var second = table.Add($"{Secrets.NewId("hld")}.evt_a", [3], T0, T0.AddMinutes(5), Secrets.NewToken());

        table.End(first, HoldStatus.Booked, T0.AddMinutes(1), 7, "bkg_x.evt_a");

        Assert.Equal((HoldStatus.Booked, "bkg_x.evt_a", (T0.AddMinutes(1), 7L)), (table.StatusOf(first), table.BookingIdOf(first), table.EndOf(first)));
        Assert.Null(table.EndOf(second));
        Assert.Equal((HoldStatus.Active, (string?)null), (table.StatusOf(second), table.BookingIdOf(second)));
        Assert.Equal([1, 2], table.SeatsOf(first).ToArray());
    }

    [Fact]
    public void AnIdAlreadyInTheTableIsRefused()
    {
        var table = new HoldTable("evt_a");
        var id = $"{Secrets.NewId("hld")}.evt_a";
        table.Add(id, [1], T0, T0.AddMinutes(5), Secrets.NewToken());

        Assert.Throws<ArgumentException>(() => table.Add(id, [2], T0, T0.AddMinutes(5), Secrets.NewToken()));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void AfterTheTableGrowsEveryIdIsFoundAndNoOtherIs()
    {
        var table = new HoldTable("evt_a");
        var ids = Enumerable.Range(0, 5000).Select(_ => $"{Secrets.NewId("hld")}.evt_a").ToArray();
        foreach (var id in ids)
        {
            table.Add(id, [1], T0, T0.AddMinutes(5), Secrets.NewToken());
        }

        Assert.All(ids.Select((id, i) => (id, i)), x => Assert.True(table.TryFind(x.id, out var slot) && slot == x.i));
        Assert.All(Enumerable.Range(0, 5000), _ => Assert.False(table.TryFind($"{Secrets.NewId("hld")}.evt_a", out _)));
        Assert.Throws<ArgumentException>(() => table.Add(ids[^1], [2], T0, T0.AddMinutes(5), Secrets.NewToken()));
        Assert.Equal(5000, table.Count);
    }

    [Fact]
    public void CompactingKeepsEveryKeptHoldWholeAndFindsNoDroppedOne()
    {
        var table = new HoldTable("evt_a");
        var ids = Enumerable.Range(0, 3000).Select(i => i % 7 == 0 ? $"hld_odd-{i}" : $"{Secrets.NewId("hld")}.evt_a").ToArray();
        var tokens = ids.Select(_ => Secrets.NewToken()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            table.Add(ids[i], Enumerable.Range(i * 10, i % 4 + 1).ToArray(), T0, T0.AddMinutes(5), tokens[i]);
            if (i % 3 != 0)
            {
                table.End(i, HoldStatus.Booked, T0, i, $"bkg_{i}.evt_a");
            }
        }

        var moved = table.Compact(slot => table.StatusOf(slot) == HoldStatus.Active);

        Assert.Equal(1000, table.Count);
        for (var i = 0; i < ids.Length; i++)
        {
            var kept = i % 3 == 0;
            Assert.Equal(kept, table.TryFind(ids[i], out var slot));
            Assert.Equal(kept ? slot : -1, moved[i]);
            if (kept)
            {
                var hold = table.Snapshot(slot);
                Assert.Equal((ids[i], tokens[i], HoldStatus.Active, (string?)null), (hold.Id, hold.PaymentToken, hold.Status, hold.BookingId));
                Assert.Equal(Enumerable.Range(i * 10, i % 4 + 1), hold.Seats);
            }
        }
        var added = table.Add($"{Secrets.NewId("hld")}.evt_a", [7, 8], T0, T0.AddMinutes(5), Secrets.NewToken());
        Assert.Equal(1000, added);
        Assert.Equal([7, 8], table.SeatsOf(added).ToArray());
    }

    [Fact]
    public void ExpiringAHoldBeforeItsTimeMovesItsExpiryToThen()
    {
        var table = new HoldTable("evt_a");
        var slot = table.Add($"{Secrets.NewId("hld")}.evt_a", [1], T0, T0.AddMinutes(5), Secrets.NewToken());

        table.End(slot, HoldStatus.Expired, T0.AddMinutes(1), 2);

        Assert.Equal(T0.AddMinutes(1), table.ExpiresAt(slot));
    }
}

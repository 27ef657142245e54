using TicketBoss.Grains;
using TicketBoss.Grains.Domain;
using static TicketBoss.Tests.Domain.TestEvents;

namespace TicketBoss.Tests.Domain;

/// <summary>
/// Quantity holds on a seat map: adjacent seats in one row, in the map's order of preference, nearest the row's
/// centre unless the map prefers its first seats; <c>together</c> holds; whether a hold's seats are adjacent.
/// </summary>
public sealed class BestAvailableTests
{
    private static TicketEvent House() => Create(new EventDefinition("Concert", null, SeatMap: new SeatMapDefinition(Sections:
    [
        new("Stalls", [new("A", 4), new("B", 4)]),
        new("Balcony", [new("C", 6)]),
    ])));

    [Fact]
    public void APartySitsTogetherInTheFirstRowWithRoomSkippingAGappyRow()
    {
        var e = House();
        e.Hold(T0, "A2", "A4");

        Assert.Equal(["B1", "B2", "B3"], e.Hold(3, T0).Seats);
        // Of A1 and A3, A3 is nearer the middle of row A.
        Assert.Equal(["A3"], e.Hold(1, T0).Seats);
    }

    [Fact]
    public void PreferenceFollowsTheMapSectionsThenRows()
    {
        var e = House();

        Assert.Equal(["A1", "A2", "A3", "A4"], e.Hold(4, T0).Seats);
        Assert.Equal(["B1", "B2", "B3"], e.Hold(3, T0).Seats);
        Assert.Equal(["C1", "C2", "C3", "C4", "C5"], e.Hold(5, T0).Seats);
    }

    [Fact]
    public void AdjacentSeatsNeverCrossARowEnd()
    {
        var e = House();
        e.Hold(T0, "A1", "A2", "B1");

        // A3, A4 then B2 would be three free seats in a row of labels, but they span two rows.
        Assert.Equal(["B2", "B3", "B4"], e.Hold(3, T0).Seats);
    }

    [Fact]
    public void WhenNoRowHasRoomThePartyGetsTheFirstFreeSeats()
    {
        var e = Create(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", 3), new("B", 3)])));
        e.Hold(T0, "A2", "B2");

        Assert.Equal(["A1", "A3", "B1"], e.Hold(3, T0).Seats);
    }

    [Fact]
    public void BestAvailableNeverPicksATakenSeat()
    {
        var e = House();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 7; round++)
        {
            var seats = e.Hold(2, T0).Seats;
            Assert.Empty(taken.Intersect(seats));
            taken.UnionWith(seats);
        }
        Assert.Equal(14, taken.Count);
        Fails(e.PlaceHold(new HoldRequest(Quantity: 1), Options, T0), ErrorCodes.NotEnoughSeats);
    }

    [Fact]
    public void ReturnedSeatsAreOfferedAgainInPreferenceOrder()
    {
        var e = House();
        var front = e.Hold(4, T0);
        e.Hold(4, T0);
        Ok(e.ReleaseHold(front.HoldId, T0));

        Assert.Equal(["A2", "A3"], e.Hold(2, T0).Seats);
    }

    [Fact]
    public void NumberedSeatsAreGeneralAdmissionAndTakeTheFirstFree()
    {
        var e = Numbered(6);
        e.Hold(T0, "2");

        Assert.Equal(["1", "3", "4"], e.Hold(3, T0).Seats);
    }

    [Fact]
    public void SeatsCarryTheirSectionAndRow()
    {
        var seats = House().Seats(T0).Seats;

        Assert.Equal(("A1", "Stalls", "A"), (seats[0].Label, seats[0].Section, seats[0].Row));
        Assert.Equal(("C6", "Balcony", "C"), (seats[^1].Label, seats[^1].Section, seats[^1].Row));
        Assert.All(Numbered(2).Seats(T0).Seats, s => Assert.Null(s.Row));
    }

    [Fact]
    public void WithinARowThePartyGetsTheRunNearestItsCentre()
    {
        var e = Mapped(new SeatRowDefinition("A", 10), new SeatRowDefinition("B", 10));

        Assert.Equal(["A5", "A6"], e.Hold(2, T0).Seats);
        Assert.Equal(["A2", "A3", "A4"], e.Hold(3, T0).Seats);
        Assert.Equal(["A7", "A8", "A9"], e.Hold(3, T0).Seats);
        // Row A has two single seats left, at its ends: a pair goes to the middle of row B, a single to row A.
        Assert.Equal(["B5", "B6"], e.Hold(2, T0).Seats);
        Assert.Equal(["A1"], e.Hold(1, T0).Seats);
    }

    [Fact]
    public void AMapThatPrefersItsFirstSeatsFillsEachRowFromTheLeft()
    {
        var e = Create(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition(
            [new("A", 6), new("B", 6)], Preference: SeatPreferences.First)));

        Assert.Equal(["A1", "A2"], e.Hold(2, T0).Seats);
        Assert.Equal(["A3"], e.Hold(1, T0).Seats);
        Assert.Equal(["B1", "B2", "B3", "B4"], e.Hold(4, T0).Seats);
    }

    [Theory]
    [InlineData("middle")]
    [InlineData("Centre")]
    [InlineData("")]
    public void AnUnknownPreferenceIsInvalidAndTheMessageNamesTheValidOnes(string preference)
    {
        var error = Invalid(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", 6)], Preference: preference)));

        Assert.Equal(ErrorCodes.InvalidRequest, error?.Code);
        Assert.Contains("\"centre\"", error!.Message);
        Assert.Contains("\"first\"", error.Message);
    }

    [Fact]
    public void TogetherTakesAdjacentSeatsInOneRowWhereAPlainHoldWouldSplitTheParty()
    {
        var e = Create(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", 3), new("B", 3), new("C", 3)])));
        e.Hold(T0, "A2", "B2");

        var together = Ok(e.PlaceHold(new HoldRequest(Quantity: 3, Together: true), Options, T0));

        Assert.Equal(["C1", "C2", "C3"], together.Seats);
        Assert.True(together.Adjacent);
        var apart = e.Hold(3, T0);
        Assert.Equal(["A1", "A3", "B1"], apart.Seats);
        Assert.False(apart.Adjacent);
    }

    [Fact]
    public void TogetherIsRefusedWhenNoRowHasRoomAndTheMessageNamesTheLargestPartyThatFits()
    {
        var e = Create(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", 4), new("B", 4)])));
        e.Hold(T0, "A2", "B3");
        var version = e.Version;

        var refused = e.PlaceHold(new HoldRequest(Quantity: 3, Together: true), Options, T0);

        Fails(refused, ErrorCodes.NotEnoughAdjacentSeats);
        Assert.Contains("is 2", refused.Error!.Message);
        Assert.Contains("row A", refused.Error.Message);
        Assert.Equal((version, 6), (e.Version, e.Available));
        // The number the message names is one that works.
        Assert.Equal(["A3", "A4"], Ok(e.PlaceHold(new HoldRequest(Quantity: 2, Together: true), Options, T0)).Seats);
    }

    [Fact]
    public void TogetherWithAllowPartialTakesTheLongestRunThatSitsTogether()
    {
        var e = Create(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", 5), new("B", 5)])));
        e.Hold(T0, "A3", "B4");

        var hold = Ok(e.PlaceHold(new HoldRequest(Quantity: 5, AllowPartial: true, Together: true), Options, T0));

        Assert.Equal(["B1", "B2", "B3"], hold.Seats);
        Assert.True(hold.Adjacent);
    }

    [Fact]
    public void OnANumberedEventTogetherMeansConsecutiveNumbers()
    {
        var e = Numbered(10);
        e.Hold(T0, "3", "6", "8");

        Assert.False(e.Hold(3, T0).Adjacent); // 1, 2, 4: general admission takes the first free numbers
        var together = Ok(e.PlaceHold(new HoldRequest(Quantity: 2, Together: true), Options, T0));
        Assert.Equal(["9", "10"], together.Seats);
        Fails(e.PlaceHold(new HoldRequest(Quantity: 2, Together: true), Options, T0), ErrorCodes.NotEnoughAdjacentSeats);
        Assert.Contains("consecutive", e.PlaceHold(new HoldRequest(Quantity: 2, Together: true), Options, T0).Error!.Message);
    }

    [Fact]
    public void TogetherAppliesToQuantityHoldsOnly()
    {
        var e = Numbered(10);

        Fails(e.PlaceHold(new HoldRequest(Seats: ["1", "2"], Together: true), Options, T0), ErrorCodes.InvalidRequest);
        Assert.Equal(0, e.Version);
    }

    [Fact]
    public void AHoldSaysWhetherItsSeatsSitSideBySideInOneRow()
    {
        var e = House();

        Assert.True(e.Hold(T0, "A3", "A1", "A2").Adjacent);
        Assert.False(e.Hold(T0, "A4", "B1").Adjacent); // consecutive on the map, but across a row's end
        Assert.False(e.Hold(T0, "B2", "B4").Adjacent);
        Assert.True(e.Hold(T0, "C6").Adjacent);
        Assert.True(Numbered(5).Hold(T0, "4", "3").Adjacent);
        var hold = e.Hold(T0, "C1", "C2");
        Assert.True(Ok(e.GetHold(hold.HoldId, T0)).Adjacent);
    }

    [Fact]
    public void QuantityHoldsOnAFullLargeNumberedEventStayFast()
    {
        // The hot path: small holds on a numbered event. Each must cost about its quantity, not the event's size.
        var e = Numbered(200_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var seats = 0;
        for (var i = 0; seats < 199_000; i++)
        {
            seats += Ok(e.PlaceHold(new HoldRequest(Quantity: 1 + (i % 4)), Options, T0)).Seats.Count;
        }
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{seats:N0} seats held in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData(SeatPreferences.Centre)]
    [InlineData(SeatPreferences.First)]
    public void QuantityHoldsOnALargeSeatMapStayFast(string preference)
    {
        // 200 rows of 250 seats, filled to 80%: rows already searched in vain are skipped until seats in them return.
        var e = Create(new EventDefinition("Arena", null, SeatMap: new SeatMapDefinition(
            [.. Enumerable.Range(0, 200).Select(row => new SeatRowDefinition($"R{row:D3}x", 250))], Preference: preference)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 16_000; i++)
        {
            Assert.True(Ok(e.PlaceHold(new HoldRequest(Quantity: 1 + (i % 4)), Options, T0)).Adjacent);
        }
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"16,000 holds took {clock.Elapsed.TotalSeconds:F1} s");
    }
}

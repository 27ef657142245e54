using TicketBoss.Grains;
using TicketBoss.Grains.Domain;
using static TicketBoss.Tests.Domain.TestEvents;

namespace TicketBoss.Tests.Domain;

/// <summary>Quantity holds on a seat map: adjacent seats in one row, in the map's order of preference.</summary>
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
        Assert.Equal(["A1"], e.Hold(1, T0).Seats);
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

        Assert.Equal(["A1", "A2"], e.Hold(2, T0).Seats);
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
}

using System.Text.RegularExpressions;
using TicketBoss.Grains;
using static TicketBoss.Tests.Domain.TestEvents;

namespace TicketBoss.Tests.Domain;

/// <summary>
/// Refusals state the real fix: the limit, the value that would work, or the next step. Where a message names a
/// value, the tests ask again with that value and it works (and one beyond it does not).
/// </summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void ACapacityBelowWhatIsTakenNamesTheHighestTakenSeatAsTheMinimum()
    {
        var e = Numbered(200);
        Ok(e.BookSeats(["11", "100"], Options, T0));

        var refused = e.Update(new EventChanges(Capacity: 50), Options, T0, null);

        Fails(refused, ErrorCodes.CapacityBelowTaken);
        Assert.Contains("seat 100", refused.Error!.Message);
        Assert.Equal(100, NamedValue(refused.Error, "down to"));
        Fails(e.Update(new EventChanges(Capacity: 99), Options, T0, null), ErrorCodes.CapacityBelowTaken);
        Assert.Equal(100, Ok(e.Update(new EventChanges(Capacity: 100), Options, T0, null)).Total);
    }

    [Fact]
    public void TheNamedMinimumCapacityWorksWhateverSeatsAreTaken()
    {
        var random = new Random(20);
        for (var round = 0; round < 200; round++)
        {
            var e = Numbered(60);
            var taken = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(1, 61).ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToArray();
            Ok(e.PlaceHold(new HoldRequest(Seats: taken), Options, T0));
            var highest = taken.Max(int.Parse);

            var refused = e.Update(new EventChanges(Capacity: random.Next(1, highest)), Options, T0, null);
            if (highest == 1)
            {
                continue;
            }

            Assert.Equal(highest, NamedValue(refused.Error!, "down to"));
            Fails(e.Update(new EventChanges(Capacity: highest - 1), Options, T0, null), ErrorCodes.CapacityBelowTaken);
            Ok(e.Update(new EventChanges(Capacity: highest), Options, T0, null));
        }
    }

    [Fact]
    public void NotEnoughSeatsNamesHowManyAreAvailableAndThatManyCanBeHeld()
    {
        var e = Numbered(10);
        e.Hold(7, T0);

        var refused = e.PlaceHold(new HoldRequest(Quantity: 5), Options, T0);

        Fails(refused, ErrorCodes.NotEnoughSeats);
        Assert.Equal(3, NamedValue(refused.Error!, "ask for"));
        Assert.Equal(3, e.Hold(3, T0).Seats.Count);
        Assert.Contains("none available", e.PlaceHold(new HoldRequest(Quantity: 1), Options, T0).Error!.Message);
    }

    [Fact]
    public void ASeatMappedEventsCapacityRefusalNamesTheMapsSize()
    {
        var e = Mapped(new Grains.SeatRowDefinition("A", 4));

        var refused = e.Update(new EventChanges(Capacity: 10), Options, T0, null);

        Fails(refused, ErrorCodes.InvalidRequest);
        Assert.Contains("4 seats", refused.Error!.Message);
    }

    [Fact]
    public void AnUnknownSeatNamesWhereTheSeatsAre()
    {
        Assert.Contains("1 to 10", Numbered(10).PlaceHold(new HoldRequest(Seats: ["11"]), Options, T0).Error!.Message);
        Assert.Contains("/seats", Mapped(new Grains.SeatRowDefinition("A", 2)).PlaceHold(new HoldRequest(Seats: ["B1"]), Options, T0).Error!.Message);
    }

    [Fact]
    public void ATakenSeatSaysHowItIsTakenAndWhereToFindFreeOnes()
    {
        var e = Numbered(10);
        var hold = e.Hold(T0, "3");
        Ok(e.BookHold(hold.HoldId, hold.PaymentToken!, T0));
        e.Hold(T0, "4");

        var booked = e.PlaceHold(new HoldRequest(Seats: ["3"]), Options, T0).Error!;
        var held = e.BookSeats(["5", "4"], Options, T0).Error!;

        Assert.Contains("seat 3 is booked", booked.Message);
        Assert.Contains("seat 4 is held", held.Message);
        Assert.Contains("/events/evt_test/seats", held.Message);
        Assert.Contains("allow_partial", e.PlaceHold(new HoldRequest(Seats: ["5", "4"]), Options, T0).Error!.Message);
    }

    [Fact]
    public void MessagesNameTheLimitTheyEnforce()
    {
        var e = Numbered(10);

        Assert.Contains($"between {Options.MinHoldTtlSeconds} and {Options.MaxHoldTtlSeconds}", e.PlaceHold(new HoldRequest(Quantity: 1, TtlSeconds: 1), Options, T0).Error!.Message);
        Assert.Contains($"between 1 and {Options.MaxHoldQuantity}", e.PlaceHold(new HoldRequest(Quantity: 0), Options, T0).Error!.Message);
        Assert.Contains("not both", e.PlaceHold(new HoldRequest(Quantity: 1, Seats: ["1"]), Options, T0).Error!.Message);
        Assert.Contains("seat 2 is named twice", e.PlaceHold(new HoldRequest(Seats: ["2", "1", "2"]), Options, T0).Error!.Message);
        Assert.Contains($"between 1 and {Options.MaxReservationSeats}", e.Reserve("acme", 11, Options, T0).Error!.Message);
        var mismatch = Invalid(new EventDefinition("Club", 5, SeatMap: new SeatMapDefinition([new("A", 3)])))!;
        Assert.Contains("give 3", mismatch.Message);
        Assert.Contains("A-1 appears twice", Invalid(new EventDefinition("Club", null, SeatMap: new SeatMapDefinition([new("A", Labels: ["A-1", "A-1"])])))!.Message);
    }

    /// <summary>The number a message names after <paramref name="lead"/> ("ask for 3", "down to 100").</summary>
    private static int NamedValue(TicketError error, string lead)
    {
        var match = Regex.Match(error.Message, Regex.Escape(lead) + @" (\d+)");
        Assert.True(match.Success, $"\"{error.Message}\" names no value after \"{lead}\"");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

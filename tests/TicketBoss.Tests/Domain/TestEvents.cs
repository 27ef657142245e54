using TicketBoss.Grains;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Tests.Domain;

/// <summary>Builds events and requests for the domain tests; time is always explicit.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TicketingOptions Options = new();

    public static TicketEvent Numbered(int capacity, string id = "evt_test") =>
        Create(new EventDefinition("Concert", capacity), id);

    public static TicketEvent Mapped(params SeatRowDefinition[] rows) =>
        Create(new EventDefinition("Concert", null, SeatMap: new SeatMapDefinition(rows)), "evt_map");

    public static TicketEvent Create(EventDefinition definition, string id = "evt_test")
    {
        var created = TicketEvent.Create(id, definition, new TicketingOptions(), T0);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value!;
    }

    public static TicketError? Invalid(EventDefinition definition) =>
        TicketEvent.Create("evt_bad", definition, new TicketingOptions(), T0).Error;

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public static HoldInfo Hold(this TicketEvent e, int quantity, DateTimeOffset now, int? ttl = null) =>
        Ok(e.PlaceHold(new HoldRequest(Quantity: quantity, TtlSeconds: ttl), Options, now));

    public static HoldInfo Hold(this TicketEvent e, DateTimeOffset now, params string[] seats) =>
        Ok(e.PlaceHold(new HoldRequest(Seats: seats), Options, now));

    public static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.IsSuccess, outcome.Error?.Code + ": " + outcome.Error?.Message);
        return outcome.Value!;
    }

    public static void Fails<T>(Outcome<T> outcome, string code)
    {
        Assert.False(outcome.IsSuccess, $"expected {code} but the operation succeeded");
        Assert.Equal(code, outcome.Error!.Code);
        Assert.Null(outcome.Value);
    }
}

namespace TicketBoss.Api.Startup;

/// <summary>The events the service creates on first start (section <c>DefaultEvents</c>).</summary>
public sealed class DefaultEventsOptions
{
    /// <summary>The partner reservations event. Default <c>node-meetup-2025</c>, "Node.js Meet-up", 500 seats.</summary>
    public string PartnerEventId { get; set; } = "node-meetup-2025";
    public string PartnerEventName { get; set; } = "Node.js Meet-up";
    public int PartnerEventSeats { get; set; } = 500;

    /// <summary>The single-seat event. Default <c>main-hall</c>: rows A to T of 25 seats (A1..T25).</summary>
    public string SeatEventId { get; set; } = "main-hall";
    public string SeatEventName { get; set; } = "Main Hall";
    public int SeatEventRows { get; set; } = 20;
    public int SeatEventSeatsPerRow { get; set; } = 25;
}

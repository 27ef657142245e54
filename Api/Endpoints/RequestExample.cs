namespace TicketBoss.Api.Endpoints;

/// <summary>
/// The example body of a route, shown by /docs and sent by its "Try it out". <c>{partner_event}</c> and
/// <c>{seat_event}</c> stand for the default events' ids, so that the example names an event that exists.
/// </summary>
public sealed record RequestExample(string Json, string? Note = null);

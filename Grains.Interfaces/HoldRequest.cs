namespace TicketBoss.Grains;

/// <summary>
/// A request to hold seats: either <see cref="Quantity"/> seats anywhere or the named <see cref="Seats"/>.
/// With <see cref="AllowPartial"/> the hold takes what is free (at least one seat) instead of failing.
/// With <see cref="Together"/> a quantity hold takes adjacent seats of one row or is refused (<c>not_enough_adjacent_seats</c>).
/// With <see cref="ExpectedVersion"/> the hold is refused (<c>version_mismatch</c>) unless the event is at that version.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketboss.HoldRequest")]
public sealed record HoldRequest(
    [property: Id(0)] int? Quantity = null,
    [property: Id(1)] IReadOnlyList<string>? Seats = null,
    [property: Id(2)] int? TtlSeconds = null,
    [property: Id(3)] bool AllowPartial = false,
    [property: Id(4)] long? ExpectedVersion = null,
    [property: Id(5)] bool Together = false);

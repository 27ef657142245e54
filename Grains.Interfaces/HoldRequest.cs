namespace TicketBoss.Grains;

/// <summary>
/// A request to hold seats: either <see cref="Quantity"/> seats anywhere or the named <see cref="Seats"/>.
/// With <see cref="AllowPartial"/> the hold takes what is free (at least one seat) instead of failing.
/// With <see cref="ExpectedVersion"/> the hold is refused (<c>version_mismatch</c>) unless the event is at that version.
/// </summary>
public sealed record HoldRequest(
    int? Quantity = null,
    IReadOnlyList<string>? Seats = null,
    int? TtlSeconds = null,
    bool AllowPartial = false,
    long? ExpectedVersion = null);

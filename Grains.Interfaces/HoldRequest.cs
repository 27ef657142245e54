namespace TicketBoss.Grains;

/// <summary>
/// A request to hold seats: either <see cref="Quantity"/> seats anywhere or the named <see cref="Seats"/>.
/// With <see cref="AllowPartial"/> the hold takes what is free (at least one seat) instead of failing.
/// </summary>
public sealed record HoldRequest(
    int? Quantity = null,
    IReadOnlyList<string>? Seats = null,
    int? TtlSeconds = null,
    bool AllowPartial = false);

namespace TicketBoss.Grains;

/// <summary>The result of a ticketing operation: a value, or a ticketing error (never both).</summary>
public sealed record Outcome<T>(T? Value, TicketError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(TicketError error) => new(default, error);
}

/// <summary>A rule the request broke, with a stable code callers can branch on.</summary>
public sealed record TicketError(string Code, string Message);

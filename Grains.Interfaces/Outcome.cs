namespace TicketBoss.Grains;

/// <summary>The result of a ticketing operation: a value, or a ticketing error (never both).</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.Outcome`1")]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] TicketError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(TicketError error) => new(default, error);
}

/// <summary>A rule the request broke, with a stable code callers can branch on.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.TicketError")]
public sealed record TicketError([property: Id(0)] string Code, [property: Id(1)] string Message);

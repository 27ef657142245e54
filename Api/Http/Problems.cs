using TicketBoss.Grains;

namespace TicketBoss.Api.Http;

/// <summary>RFC 9457 problem answers with a stable <c>code</c> member, and the HTTP status of each ticketing error.</summary>
public static class Problems
{
    private static readonly Dictionary<string, int> StatusOf = new()
    {
        [ErrorCodes.InvalidRequest] = StatusCodes.Status400BadRequest,
        [ErrorCodes.EventNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.HoldNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.BookingNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.ReservationNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.SeatNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.EventExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.NotEnoughSeats] = StatusCodes.Status409Conflict,
        [ErrorCodes.SeatTaken] = StatusCodes.Status409Conflict,
        [ErrorCodes.HoldAlreadyBooked] = StatusCodes.Status409Conflict,
        [ErrorCodes.InvalidPaymentToken] = StatusCodes.Status403Forbidden,
        [ErrorCodes.HoldExpired] = StatusCodes.Status410Gone,
        [ErrorCodes.HoldReleased] = StatusCodes.Status410Gone,
        [ErrorCodes.BookingCancelled] = StatusCodes.Status410Gone,
        [ErrorCodes.ReservationCancelled] = StatusCodes.Status410Gone,
        [ErrorCodes.NotEnoughAdjacentSeats] = StatusCodes.Status409Conflict,
        [ErrorCodes.VersionMismatch] = StatusCodes.Status412PreconditionFailed,
        [ErrorCodes.CapacityBelowTaken] = StatusCodes.Status409Conflict,
    };

    public static int Status(TicketError error) => StatusOf.GetValueOrDefault(error.Code, StatusCodes.Status400BadRequest);

    public static IResult For(TicketError error) => Problem(Status(error), error.Code, error.Message);

    public static IResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, detail);

    public static IResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, code, detail);

    public static IResult Problem(int status, string code, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: code.Replace('_', ' '),
        type: $"https://ticketboss.dev/problems/{code.Replace('_', '-')}",
        extensions: new Dictionary<string, object?> { ["code"] = code });
}

using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Box Office: direct bookings of named seats, reading and cancelling bookings.</summary>
public static class BookingEndpoints
{
    public static void MapBookingEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/bookings", CreateAsync).RequireRole(ApiRole.Partner)
            .Doc("Book named seats directly (If-Match optional)", 400, 401, 404, 409, 412).Body<DirectBookingRequest>("""{"event_id":"{seat_event}","seats":["T25"]}""").Returns<BookingResponse>(201);
        routes.MapGet("/bookings/{id}", (string id, HttpContext context, IGrainFactory grains, ApiKeyRing keys) => EventScopedCall.RunAsync(
            id, ErrorCodes.BookingNotFound, grains, g => g.GetBookingAsync(id, ApiCaller.Of(context).ReservationScope(keys)),
            booking => Results.Json(BookingResponse.From(booking), JsonFamilies.BoxOffice)))
            .Doc("A booking of any kind, confirmed or cancelled", 404).Returns<BookingResponse>();
        routes.MapDelete("/bookings/{id}", (string id, IGrainFactory grains) => EventScopedCall.RunAsync(
            id, ErrorCodes.BookingNotFound, grains, g => g.CancelBookingAsync(id), _ => Results.NoContent())).RequireRole(ApiRole.Admin)
            .Doc("Cancel a confirmed booking: its seats return (a cancelled one is 410)", 401, 403, 404, 410).ReturnsNothing();
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains)
    {
        if (!IfMatch.TryRead(request, out var expectedVersion, out var refusal))
        {
            return refusal;
        }
        var (body, error) = await JsonBody.ReadAsync<DirectBookingRequest>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        if (!EntityIds.IsValidEventId(body.EventId))
        {
            return Problems.Invalid("event_id is required and must be an event id.");
        }
        if (JsonBody.SeatLabels(body.Seats) is not { } seats)
        {
            return Problems.Invalid("seats is required: a list of seat labels or seat numbers.");
        }
        var outcome = await grains.GetGrain<IEventGrain>(body.EventId!).BookSeatsAsync(seats, expectedVersion);
        return outcome.IsSuccess
            ? Results.Json(BookingResponse.From(outcome.Value!), JsonFamilies.BoxOffice, statusCode: 201)
            : Problems.For(outcome.Error!);
    }
}

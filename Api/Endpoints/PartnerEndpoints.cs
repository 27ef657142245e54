using Microsoft.Extensions.Options;
using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Api.Startup;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Partner reservations on the default partner event, in the partner family's camelCase and error shape.</summary>
public static class PartnerEndpoints
{
    public static void MapPartnerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/reservations", ReserveAsync).RequireRole(ApiRole.Partner)
            .WithSummary("Reserve 1-10 seats of the partner event for partnerId").Body<ReservationRequest>("""{"partnerId":"acme","seats":2}""").Returns<ReservationResponse>(201).PartnerErrors(400, 401, 403, 409);
        routes.MapGet("/reservations/{reservationId}", ReadAsync).RequireRole(ApiRole.Partner)
            .WithSummary("One of your reservations, confirmed or cancelled, with its seat labels").Returns<ReservationDetailsResponse>().PartnerErrors(401, 404);
        routes.MapDelete("/reservations/{reservationId}", CancelAsync).RequireRole(ApiRole.Partner)
            .WithSummary("Cancel one of your reservations (a cancelled one is 410)").ReturnsNothing().PartnerErrors(401, 404, 410);
        routes.MapGet("/reservations", SummaryAsync).RequireRole(ApiRole.Partner)
            .WithSummary("The partner event's seats and reservation count").Returns<ReservationSummaryResponse>().PartnerErrors(401, 404);
    }

    private static async Task<IResult> ReserveAsync(HttpContext context, HttpRequest request, IGrainFactory grains, IOptions<DefaultEventsOptions> events)
    {
        var (body, error) = await JsonBody.ReadAsync<ReservationRequest>(request, JsonFamilies.Partner);
        if (body is null)
        {
            return Error(error!.Status, error.Message);
        }
        if (body.PartnerId is null || body.Seats is null)
        {
            return Error(400, "partnerId and seats are required.");
        }
        if (ApiCaller.Of(context) is { Role: ApiRole.Partner } partner && partner.PartnerId != body.PartnerId)
        {
            return Error(403, $"this API key acts for its own partner only: send partnerId \"{partner.PartnerId}\".");
        }
        var outcome = await grains.GetGrain<IEventGrain>(events.Value.PartnerEventId).ReserveAsync(body.PartnerId, body.Seats.Value);
        if (!outcome.IsSuccess)
        {
            return Error(Problems.Status(outcome.Error!), outcome.Error!.Message);
        }
        var reservation = outcome.Value!;
        return Results.Json(
            new ReservationResponse(reservation.BookingId, reservation.Seats.Count, "confirmed", reservation.Seats), JsonFamilies.Partner, statusCode: 201);
    }

    private static async Task<IResult> ReadAsync(HttpContext context, string reservationId, IGrainFactory grains, ApiKeyRing keys)
    {
        if (EntityIds.EventOf(reservationId) is not { } eventId)
        {
            return NotFound();
        }
        var outcome = await grains.GetGrain<IEventGrain>(eventId).GetReservationAsync(reservationId, ApiCaller.Of(context).ReservationScope(keys));
        if (!outcome.IsSuccess)
        {
            return Error(Problems.Status(outcome.Error!), outcome.Error!.Message);
        }
        var r = outcome.Value!;
        return Results.Json(
            new ReservationDetailsResponse(
                r.BookingId, r.EventId, r.PartnerId, r.Seats.Count, r.Seats, r.Status == BookingStatus.Confirmed ? "confirmed" : "cancelled", r.CreatedAt),
            JsonFamilies.Partner);
    }

    private static async Task<IResult> CancelAsync(HttpContext context, string reservationId, IGrainFactory grains, ApiKeyRing keys)
    {
        if (EntityIds.EventOf(reservationId) is not { } eventId)
        {
            return NotFound();
        }
        var outcome = await grains.GetGrain<IEventGrain>(eventId).CancelReservationAsync(reservationId, ApiCaller.Of(context).ReservationScope(keys));
        return outcome.IsSuccess ? Results.NoContent() : Error(Problems.Status(outcome.Error!), outcome.Error!.Message);
    }

    private static async Task<IResult> SummaryAsync(IGrainFactory grains, IOptions<DefaultEventsOptions> events)
    {
        var outcome = await grains.GetGrain<IEventGrain>(events.Value.PartnerEventId).GetSnapshotAsync();
        if (!outcome.IsSuccess)
        {
            return Error(404, outcome.Error!.Message);
        }
        var e = outcome.Value!;
        return Results.Json(
            new ReservationSummaryResponse(e.EventId, e.Name, e.Total, e.Available, e.ReservationCount, e.Version), JsonFamilies.Partner);
    }

    // An id that names no event cannot exist: answered without waking any grain.
    private static IResult NotFound() => Error(404, "reservation not found: use the reservationId that POST /reservations answered.");

    private static IResult Error(int status, string message) => Results.Json(new PartnerError(message), JsonFamilies.Partner, statusCode: status);
}

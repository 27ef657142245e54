using Microsoft.Extensions.Options;
using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Startup;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Single seats of the default labelled event: list them, reserve one for a user.</summary>
public static class SingleSeatEndpoints
{
    public static void MapSingleSeatEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/seats", ListAsync).Doc("Every seat of the single-seat event").Returns<List<SingleSeatResponse>>();
        routes.MapPost("/reserve", ReserveAsync).Doc("Reserve one named seat for a user", 400, 404, 409)
            .Body<ReserveSeatRequest>("""{"seat_id":"A1","user_id":"u1"}""").Returns<ReserveSeatResponse>(201);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, IOptions<DefaultEventsOptions> events)
    {
        var outcome = await grains.GetGrain<IEventGrain>(events.Value.SeatEventId).GetSeatsAsync();
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        var seats = outcome.Value!.Seats.Select(s => new SingleSeatResponse(s.Label, StatusName(s.Status))).ToList();
        return Results.Json(seats, JsonFamilies.BoxOffice);
    }

    private static async Task<IResult> ReserveAsync(HttpRequest request, IGrainFactory grains, IOptions<DefaultEventsOptions> events)
    {
        var (body, error) = await JsonBody.ReadAsync<ReserveSeatRequest>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        if (string.IsNullOrEmpty(body.SeatId) || body.SeatId.Length > 64 || body.UserId is null)
        {
            return Problems.Invalid("seat_id and user_id are required.");
        }
        var outcome = await grains.GetGrain<IEventGrain>(events.Value.SeatEventId).ReserveSeatAsync(body.SeatId, body.UserId);
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        var booking = outcome.Value!;
        return Results.Json(
            new ReserveSeatResponse("reserved", body.SeatId, body.UserId, booking.CreatedAt, booking.BookingId), JsonFamilies.BoxOffice, statusCode: 201);
    }

    private static string StatusName(SeatStatus status) => status switch
    {
        SeatStatus.Available => "available",
        SeatStatus.Held => "held",
        _ => "reserved",
    };
}

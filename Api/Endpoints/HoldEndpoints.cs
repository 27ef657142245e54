using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Grains;
using TicketBoss.Runtime;

namespace TicketBoss.Api.Endpoints;

/// <summary>Box Office: holds, and booking a hold with its payment token.</summary>
public static class HoldEndpoints
{
    public static void MapHoldEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/holds", CreateAsync);
        routes.MapGet("/holds/{id}", (string id, IGrainFactory grains) => Respond(id, grains, (g, h) => g.GetHoldAsync(h), 200));
        routes.MapDelete("/holds/{id}", (string id, IGrainFactory grains) => Respond(id, grains, (g, h) => g.ReleaseHoldAsync(h), 204));
        routes.MapPost("/holds/{id}/expire", (string id, IGrainFactory grains) => Respond(id, grains, (g, h) => g.ExpireHoldAsync(h), 200));
        routes.MapPost("/book", BookAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await JsonBody.ReadAsync<HoldRequestBody>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        if (!EntityIds.IsValidEventId(body.EventId))
        {
            return Problems.Invalid("event_id is required and must be an event id.");
        }
        var seats = JsonBody.SeatLabels(body.Seats);
        if (body.Seats is not null && seats is null)
        {
            return Problems.Invalid("seats must be a list of seat labels or seat numbers.");
        }
        var hold = new HoldRequest(body.Qty, seats, body.TtlSeconds, body.AllowPartial ?? false);
        var outcome = await grains.GetGrain<IEventGrain>(body.EventId!).HoldAsync(hold);
        return outcome.IsSuccess
            ? Results.Json(HoldResponse.From(outcome.Value!), JsonFamilies.BoxOffice, statusCode: 201)
            : Problems.For(outcome.Error!);
    }

    private static async Task<IResult> BookAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await JsonBody.ReadAsync<BookRequest>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        if (string.IsNullOrEmpty(body.HoldId) || string.IsNullOrEmpty(body.PaymentToken) || body.PaymentToken.Length > 256)
        {
            return Problems.Invalid("hold_id and payment_token are required.");
        }
        if (EntityIds.EventOf(body.HoldId) is not { } eventId)
        {
            return Problems.NotFound(ErrorCodes.HoldNotFound, "hold not found.");
        }
        var outcome = await grains.GetGrain<IEventGrain>(eventId).BookHoldAsync(body.HoldId, body.PaymentToken);
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        var receipt = outcome.Value!;
        return Results.Json(BookingResponse.From(receipt.Booking), JsonFamilies.BoxOffice, statusCode: receipt.Replayed ? 200 : 201);
    }

    private static async Task<IResult> Respond(
        string holdId, IGrainFactory grains, Func<IEventGrain, string, Task<Outcome<HoldInfo>>> call, int successStatus)
    {
        if (EntityIds.EventOf(holdId) is not { } eventId)
        {
            return Problems.NotFound(ErrorCodes.HoldNotFound, "hold not found.");
        }
        var outcome = await call(grains.GetGrain<IEventGrain>(eventId), holdId);
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        return successStatus == 204 ? Results.NoContent() : Results.Json(HoldResponse.From(outcome.Value!), JsonFamilies.BoxOffice);
    }
}

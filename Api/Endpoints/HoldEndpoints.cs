using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Box Office: holds, and booking a hold with its payment token.</summary>
public static class HoldEndpoints
{
    public static void MapHoldEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/holds", CreateAsync)
            .Doc("Hold a quantity of seats (together: adjacent in one row) or named seats for ttl_seconds (If-Match optional)", 400, 404, 409, 412)
            .Body<HoldRequestBody>("""{"event_id":"{partner_event}","qty":2}""").Returns<HoldResponse>(201);
        routes.MapGet("/holds/{id}", (string id, IGrainFactory grains) => OnHold(id, grains, g => g.GetHoldAsync(id), AsJson))
            .Doc("A hold and its status: active, booked, released or expired", 404).Returns<HoldResponse>();
        routes.MapDelete("/holds/{id}", (string id, IGrainFactory grains) => OnHold(id, grains, g => g.ReleaseHoldAsync(id), _ => Results.NoContent()))
            .Doc("Release an active hold: its seats return (409 when booked, 410 when already released or expired)", 404, 409, 410).ReturnsNothing();
        routes.MapPost("/holds/{id}/expire", (string id, IGrainFactory grains) => OnHold(id, grains, g => g.ExpireHoldAsync(id), AsJson))
            .RequireRole(ApiRole.Admin).Doc("Expire an active hold now (409 when booked, 410 when released)", 401, 403, 404, 409, 410).Returns<HoldResponse>();
        routes.MapPost("/book", BookAsync)
            .Doc("Book a hold with its payment token (a retry answers 200 with the same booking while it stands)", 400, 403, 404, 410)
            .Body<BookRequest>("""{"hold_id":"hld_x7Kp2mQ9aB3c.{partner_event}","payment_token":"token-from-the-hold"}""",
                "Send the hold_id and payment_token of a POST /holds answer: the example's hold does not exist (404).").Returns<BookingResponse>(201).Returns<BookingResponse>();
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains)
    {
        if (!IfMatch.TryRead(request, out var expectedVersion, out var refusal))
        {
            return refusal;
        }
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
        var hold = new HoldRequest(body.Qty, seats, body.TtlSeconds, body.AllowPartial ?? false, expectedVersion, body.Together ?? false);
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
            return Problems.NotFound(ErrorCodes.HoldNotFound, "hold not found: use the hold_id that POST /holds answered.");
        }
        var outcome = await grains.GetGrain<IEventGrain>(eventId).BookHoldAsync(body.HoldId, body.PaymentToken);
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        var receipt = outcome.Value!;
        return Results.Json(BookingResponse.From(receipt.Booking), JsonFamilies.BoxOffice, statusCode: receipt.Replayed ? 200 : 201);
    }

    private static Task<IResult> OnHold(
        string holdId, IGrainFactory grains, Func<IEventGrain, Task<Outcome<HoldInfo>>> call, Func<HoldInfo, IResult> onSuccess) =>
        EventScopedCall.RunAsync(holdId, ErrorCodes.HoldNotFound, grains, call, onSuccess);

    private static IResult AsJson(HoldInfo hold) => Results.Json(HoldResponse.From(hold), JsonFamilies.BoxOffice);
}

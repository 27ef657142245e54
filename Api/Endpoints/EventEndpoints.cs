using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Security;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>Box Office: create, list and read events and their seats.</summary>
public static class EventEndpoints
{
    internal const int DefaultPageSize = 50;
    internal const int MaxPageSize = 200;

    public static void MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events", CreateAsync).RequireRole(ApiRole.Admin)
            .Doc("Create an event (numbered seats, or a seat map)", 400, 401, 403).Body<CreateEventRequest>("""{"name":"Jazz night","total_seats":100,"venue":"Blue Hall","starts_at":"2027-06-15T19:00:00Z"}""").Returns<EventCreatedResponse>(201);
        routes.MapGet("/events", ListAsync).Doc("List events, a page at a time (pass next as page)", 400).Returns<EventListResponse>();
        routes.MapGet("/events/{id}", StatusAsync).Doc("An event's counts, with its version as ETag (If-None-Match: 304)", 404).Returns<EventStatusResponse>().Conditional();
        routes.MapGet("/events/{id}/status", StatusAsync).Doc("Same as GET /events/{id}", 404).Returns<EventStatusResponse>().Conditional();
        routes.MapPatch("/events/{id}", UpdateAsync).RequireRole(ApiRole.Admin)
            .Doc("Change details or capacity (If-Match optional; never below held or booked seats)", 400, 401, 403, 404, 409, 412)
            .Body<UpdateEventRequest>("""{"venue":"Main stage"}""").Returns<EventStatusResponse>();
        routes.MapGet("/events/{id}/seats", SeatsAsync).Doc("Every seat and its state, with the event's version as ETag (If-None-Match: 304)", 404).Returns<SeatsResponse>().Conditional();
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, error) = await JsonBody.ReadAsync<CreateEventRequest>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        if (body.Name is null || (body.TotalSeats is null && body.SeatMap is null))
        {
            return Problems.Invalid("name and total_seats (or a seat_map) are required.");
        }
        if (body.StartsAt is not null && body.DateTime is not null)
        {
            return Problems.Invalid("starts_at and date_time are two names for the start time: give one of them.");
        }
        var definition = new EventDefinition(body.Name, body.TotalSeats, body.Venue, body.StartsAt ?? body.DateTime, SeatMap(body.SeatMap));
        var eventId = "evt_" + System.Security.Cryptography.RandomNumberGenerator.GetString("0123456789abcdefghijklmnopqrstuvwxyz", 12);
        var outcome = await grains.GetGrain<IEventGrain>(eventId).CreateAsync(definition);
        return outcome.IsSuccess
            ? Results.Json(EventCreatedResponse.From(outcome.Value!), JsonFamilies.BoxOffice, statusCode: 201)
            : Problems.For(outcome.Error!);
    }

    private static async Task<IResult> ListAsync(string? page, string? page_size, IGrainFactory grains)
    {
        var pageSize = DefaultPageSize;
        if (page_size is not null && (!int.TryParse(page_size, System.Globalization.NumberStyles.None, null, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.Invalid($"page_size must be between 1 and {MaxPageSize}.");
        }
        if (page is not null && !EntityIds.IsValidEventId(page))
        {
            return Problems.Invalid("page is not a cursor this API gave out.");
        }
        var result = await grains.GetGrain<IEventDirectoryGrain>("all").ListAsync(page, pageSize);
        var items = result.Items.Select(EventStatusResponse.From).ToList();
        return Results.Json(new EventListResponse(items, result.Next), JsonFamilies.BoxOffice);
    }

    private static async Task<IResult> StatusAsync(string id, HttpRequest request, HttpResponse response, IGrainFactory grains)
    {
        if (!EntityIds.IsValidEventId(id))
        {
            return EventNotFound(id);
        }
        var outcome = await grains.GetGrain<IEventGrain>(id).GetSnapshotAsync();
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        response.Headers.ETag = EntityTags.Of(outcome.Value!.Version);
        return IfNoneMatch.Answer(request, outcome.Value.Version) ?? Results.Json(EventStatusResponse.From(outcome.Value), JsonFamilies.BoxOffice);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, HttpResponse response, IGrainFactory grains)
    {
        if (!EntityIds.IsValidEventId(id))
        {
            return EventNotFound(id);
        }
        if (!IfMatch.TryRead(request, out var expectedVersion, out var refusal))
        {
            return refusal;
        }
        var (body, error) = await JsonBody.ReadAsync<UpdateEventRequest>(request, JsonFamilies.BoxOffice);
        if (body is null)
        {
            return error!.AsProblem();
        }
        var changes = new EventChanges(body.Name, body.Venue, body.StartsAt, body.TotalSeats);
        var outcome = await grains.GetGrain<IEventGrain>(id).UpdateAsync(changes, expectedVersion);
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        response.Headers.ETag = EntityTags.Of(outcome.Value!.Version);
        return Results.Json(EventStatusResponse.From(outcome.Value), JsonFamilies.BoxOffice);
    }

    private static async Task<IResult> SeatsAsync(string id, HttpRequest request, HttpResponse response, IGrainFactory grains)
    {
        if (!EntityIds.IsValidEventId(id))
        {
            return EventNotFound(id);
        }
        var outcome = await grains.GetGrain<IEventGrain>(id).GetSeatsAsync();
        if (!outcome.IsSuccess)
        {
            return Problems.For(outcome.Error!);
        }
        response.Headers.ETag = EntityTags.Of(outcome.Value!.Event.Version);
        return IfNoneMatch.Answer(request, outcome.Value.Event.Version) ?? Results.Json(SeatsResponse.From(outcome.Value), JsonFamilies.BoxOffice);
    }

    internal static IResult EventNotFound(string id) =>
        Problems.NotFound(ErrorCodes.EventNotFound, $"event {(id.Length > 64 ? id[..64] + "…" : id)} not found.");

    // Nulls pass through: the grain's rules answer for them with a precise message.
    private static SeatMapDefinition? SeatMap(SeatMapRequest? map) =>
        map is null ? null : new SeatMapDefinition(
            Rows(map.Rows), map.Sections?.Select(s => s is null ? null! : new SeatSectionDefinition(s.Name!, Rows(s.Rows)!)).ToList(), map.Preference);

    private static List<SeatRowDefinition>? Rows(List<SeatRowRequest?>? rows) =>
        rows?.Select(r => r is null ? null! : new SeatRowDefinition(r.Row!, r.Seats ?? 0, r.Labels)).ToList();
}

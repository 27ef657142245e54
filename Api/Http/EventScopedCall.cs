using TicketBoss.Grains;

namespace TicketBoss.Api.Http;

/// <summary>Calls the event grain that owns a hold or booking id and maps its outcome to an answer.</summary>
public static class EventScopedCall
{
    public static async Task<IResult> RunAsync<T>(
        string entityId,
        string notFoundCode,
        IGrainFactory grains,
        Func<IEventGrain, Task<Outcome<T>>> call,
        Func<T, IResult> onSuccess)
    {
        // An id that names no event cannot exist: answer without waking any grain.
        if (EntityIds.EventOf(entityId) is not { } eventId)
        {
            return Problems.NotFound(notFoundCode, $"{notFoundCode.Replace("_not_found", "")} not found.");
        }
        var outcome = await call(grains.GetGrain<IEventGrain>(eventId));
        return outcome.IsSuccess ? onSuccess(outcome.Value!) : Problems.For(outcome.Error!);
    }
}

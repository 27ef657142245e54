using System.Text.Json;
using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>What the service acknowledged, read back from the recorded answers.</summary>
internal static class AcknowledgedAnswers
{
    /// <summary>A booking, reservation or hold the service answered with success, and the seats it named (labels; a count for reservations).</summary>
    public sealed record Acknowledged(string Id, string EventId, HistoryEntry Entry, IReadOnlyList<string>? Labels, int SeatCount, string? HoldId);

    public static List<Acknowledged> Bookings(IReadOnlyList<HistoryEntry> history) => [.. history
        .Where(e => e.IsSuccess && e.Kind is OperationKind.Book or OperationKind.DirectBooking or OperationKind.Reserve)
        .Select(e =>
        {
            var body = Parse(e);
            if (e.Kind == OperationKind.Reserve)
            {
                return new Acknowledged(body.GetProperty("reservationId").GetString()!, e.EventId, e, null, body.GetProperty("seats").GetInt32(), null);
            }
            var labels = Labels(body);
            return new Acknowledged(body.GetProperty("booking_id").GetString()!, e.EventId, e, labels, labels.Count,
                body.TryGetProperty("hold_id", out var hold) ? hold.GetString() : null);
        })
        .DistinctBy(a => a.Id)];

    public static List<Acknowledged> Holds(IReadOnlyList<HistoryEntry> history) => [.. history
        .Where(e => e.Status == 201 && e.Kind is OperationKind.Hold or OperationKind.SeatHold)
        .Select(e =>
        {
            var body = Parse(e);
            var labels = Labels(body);
            return new Acknowledged(body.GetProperty("hold_id").GetString()!, e.EventId, e, labels, labels.Count, null);
        })
        .DistinctBy(a => a.Id)];

    /// <summary>Requests acting on one id (a DELETE of a booking, reservation or hold; a POST /book of a hold), by that id.</summary>
    public static ILookup<string, HistoryEntry> AttemptsOn(IReadOnlyList<HistoryEntry> history, params OperationKind[] kinds) => history
        .Where(e => kinds.Contains(e.Kind))
        .ToLookup(e => e.Kind == OperationKind.Book ? HoldIdOf(e) : Requests.TargetOf(e));

    /// <summary>An attempt that may have taken effect: acknowledged, or its outcome is unknown (5xx or no answer).</summary>
    public static bool MayHaveTakenEffect(HistoryEntry attempt) => attempt.IsSuccess || attempt.IsOutage;

    private static string HoldIdOf(HistoryEntry book) => JsonDocument.Parse(book.RequestBody!).RootElement.GetProperty("hold_id").GetString()!;

    private static List<string> Labels(JsonElement body) => [.. body.GetProperty("seats").EnumerateArray().Select(s => s.GetString()!)];

    private static JsonElement Parse(HistoryEntry entry) => JsonDocument.Parse(entry.ResponseBody).RootElement;
}

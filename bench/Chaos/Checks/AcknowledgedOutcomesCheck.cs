using TicketBoss.Chaos.Load;

namespace TicketBoss.Chaos.Checks;

/// <summary>
/// Nothing acknowledged was lost: every acknowledged booking and reservation exists with its seats, and is confirmed
/// unless a cancellation of it may have taken effect (cancelled for sure when one was acknowledged); every acknowledged
/// hold exists with its seats and ended as its acknowledged book or release said.
/// </summary>
internal static class AcknowledgedOutcomesCheck
{
    public static CheckResult Run(IReadOnlyList<HistoryEntry> history, DatabaseState db)
    {
        var breaches = new List<string>();
        var bookings = AcknowledgedAnswers.Bookings(history);
        var cancels = AcknowledgedAnswers.AttemptsOn(history, OperationKind.CancelBooking, OperationKind.CancelReservation);
        foreach (var booking in bookings)
        {
            var at = $"(acknowledged {booking.Entry.Status} at {booking.Entry.EndedAt:HH:mm:ss.fff}, request #{booking.Entry.Id})";
            if (!db.Bookings.TryGetValue(booking.Id, out var row))
            {
                breaches.Add($"{booking.Id} {at} is not in the bookings table");
                continue;
            }
            var seats = db.Events.TryGetValue(row.EventId, out var e) ? row.Seats.Select(e.Label).ToList() : [];
            if (booking.Labels is { } labels ? !labels.Order().SequenceEqual(seats.Order()) : booking.SeatCount != row.Seats.Length)
            {
                breaches.Add($"{booking.Id} {at} was acknowledged with seats [{string.Join(",", booking.Labels ?? [booking.SeatCount.ToString(System.Globalization.CultureInfo.InvariantCulture)])}] but holds [{string.Join(",", seats)}]");
            }
            var attempts = cancels[booking.Id].ToList();
            CheckEnding(booking.Id, at, row.Status == "cancelled", attempts, "cancellation", breaches);
        }

        var releases = AcknowledgedAnswers.AttemptsOn(history, OperationKind.Release);
        var books = AcknowledgedAnswers.AttemptsOn(history, OperationKind.Book);
        foreach (var hold in AcknowledgedAnswers.Holds(history))
        {
            var at = $"(acknowledged at {hold.Entry.EndedAt:HH:mm:ss.fff}, request #{hold.Entry.Id})";
            if (!db.Holds.TryGetValue(hold.Id, out var row))
            {
                breaches.Add($"hold {hold.Id} {at} is not in the holds table");
                continue;
            }
            var seats = db.Events.TryGetValue(row.EventId, out var e) ? row.Seats.Select(e.Label).ToList() : [];
            if (!hold.Labels!.Order().SequenceEqual(seats.Order()))
            {
                breaches.Add($"hold {hold.Id} {at} was acknowledged with seats [{string.Join(",", hold.Labels!)}] but holds [{string.Join(",", seats)}]");
            }
            CheckEnding(hold.Id, at, row.Status == "released", [.. releases[hold.Id]], "release", breaches);
            var bookAttempts = books[hold.Id].ToList();
            CheckEnding(hold.Id, at, row.Status == "booked", bookAttempts, "booking", breaches);
            if (bookAttempts.FirstOrDefault(a => a.IsSuccess) is { } booked
                && !booked.ResponseBody.Contains($"\"booking_id\":\"{row.BookingId}\"", StringComparison.Ordinal))
            {
                breaches.Add($"hold {hold.Id} {at} was booked as acknowledged by request #{booked.Id}, but the table names booking {row.BookingId}");
            }
        }
        return CheckResult.From("every acknowledged booking, reservation, hold and cancellation stands",
            $"{bookings.Count} acknowledged bookings and reservations, {cancels.Count} cancelled ids, {releases.Count} released holds checked", breaches);
    }

    /// <summary>
    /// An ending (cancelled, released, booked) must have happened when one attempt was acknowledged, may have happened
    /// only when an attempt may have taken effect, and a 404 to an attempt means an earlier one did.
    /// </summary>
    private static void CheckEnding(string id, string at, bool ended, List<HistoryEntry> attempts, string what, List<string> breaches)
    {
        var acknowledged = attempts.FirstOrDefault(a => a.IsSuccess);
        if (acknowledged is not null && !ended)
        {
            breaches.Add($"{id} {at}: its {what} was acknowledged ({acknowledged.Status}, request #{acknowledged.Id}) but did not happen");
        }
        if (ended && !attempts.Any(AcknowledgedAnswers.MayHaveTakenEffect))
        {
            breaches.Add($"{id} {at}: the {what} happened though no request for it could have taken effect ({Describe(attempts)})");
        }
        if (what == "cancellation" && attempts.FirstOrDefault(a => a.Status == 404) is { } missing
            && !attempts.Any(a => AcknowledgedAnswers.MayHaveTakenEffect(a) && a.StartedAt < missing.EndedAt))
        {
            breaches.Add($"{id} {at}: cancelling it answered 404 (request #{missing.Id}) though no earlier cancellation could have taken effect");
        }
    }

    private static string Describe(List<HistoryEntry> attempts) =>
        attempts.Count == 0 ? "none sent" : string.Join("; ", attempts.Select(a => $"#{a.Id} {a.Status} {a.Code}"));
}

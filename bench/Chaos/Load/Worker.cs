using System.Text.Json;

namespace TicketBoss.Chaos.Load;

/// <summary>
/// One client of the mixed load: holds (by quantity and by named seats) then book, release or abandon, direct bookings
/// and their cancellation, partner reservations and theirs. Every POST and DELETE carries an Idempotency-Key; some are
/// sent again with it (at once, later, together, and always after a 503 or a timeout).
/// </summary>
internal sealed class Worker(int id, RecordingClient client, IReadOnlyList<ChaosEvent> events, ChaosOptions options, int seed)
{
    // Each worker keeps at most this many live bookings and reservations, so seats keep coming back.
    private const int MaxKept = 4;
    private const int MaxRetries = 4;

    private readonly Random _random = new(HashCode.Combine(seed, id));
    private readonly List<(string EventId, string BookingId)> _bookings = [];
    private readonly List<string> _reservations = [];
    private readonly Queue<(RequestSpec Spec, DateTimeOffset Due)> _later = new();
    private readonly string _partner = $"partner-{id % 4}";
    private int _keys;

    public async Task RunAsync(CancellationToken stop, CancellationToken interrupt)
    {
        while (!stop.IsCancellationRequested)
        {
            if (_later.TryPeek(out var later) && later.Due <= DateTimeOffset.UtcNow)
            {
                _later.Dequeue();
                await client.SendAsync(later.Spec, SendReason.LaterResend, id, interrupt);
                continue;
            }
            var roll = _random.Next(100);
            if (_bookings.Count > MaxKept || (roll < 10 && _bookings.Count > 0))
            {
                await CancelBookingAsync(interrupt);
            }
            else if (_reservations.Count > MaxKept || (roll < 18 && _reservations.Count > 0))
            {
                await CancelReservationAsync(interrupt);
            }
            else if (roll < 48)
            {
                await HoldAsync(Event(), byName: false, interrupt);
            }
            else if (roll < 63)
            {
                await HoldAsync(Event(), byName: true, interrupt);
            }
            else if (roll < 80)
            {
                var e = Event();
                var booked = await ExecuteAsync(Requests.DirectBooking(e.Id, Seats(e, 1 + _random.Next(3)), Key()), interrupt);
                Keep(booked, e.Id);
            }
            else
            {
                var reserved = await ExecuteAsync(Requests.Reserve(_partner, 1 + _random.Next(4), Key()), interrupt);
                if (reserved.Status == 201)
                {
                    _reservations.Add(Json(reserved).GetProperty("reservationId").GetString()!);
                }
            }
        }
    }

    private async Task HoldAsync(ChaosEvent e, bool byName, CancellationToken interrupt)
    {
        var spec = byName
            ? Requests.SeatHold(e.Id, Seats(e, 1 + _random.Next(3)), options.TtlSeconds, Key())
            : Requests.Hold(e.Id, 1 + _random.Next(4), options.TtlSeconds, Key());
        var hold = await ExecuteAsync(spec, interrupt);
        if (hold.Status != 201)
        {
            return;
        }
        var body = Json(hold);
        var holdId = body.GetProperty("hold_id").GetString()!;
        var next = _random.Next(100);
        if (next < 45)
        {
            var booked = await ExecuteAsync(Requests.Book(e.Id, holdId, body.GetProperty("payment_token").GetString()!, Key()), interrupt);
            Keep(booked, e.Id);
        }
        else if (next < 70)
        {
            await ExecuteAsync(Requests.Release(e.Id, holdId, Key()), interrupt);
        }
        // Otherwise the hold is abandoned: its seats must come back when its TTL runs out.
    }

    private async Task CancelBookingAsync(CancellationToken interrupt)
    {
        var (eventId, bookingId) = _bookings[0];
        _bookings.RemoveAt(0);
        await ExecuteAsync(Requests.CancelBooking(eventId, bookingId, Key()), interrupt);
    }

    private async Task CancelReservationAsync(CancellationToken interrupt)
    {
        var reservation = _reservations[0];
        _reservations.RemoveAt(0);
        await ExecuteAsync(Requests.CancelReservation(reservation, Key()), interrupt);
    }

    /// <summary>Sends a request as a careful client would: retried with the same key until it has a kept answer; sometimes resent.</summary>
    private async Task<HistoryEntry> ExecuteAsync(RequestSpec spec, CancellationToken interrupt)
    {
        HistoryEntry answer;
        if (_random.Next(100) < 3)
        {
            var both = await Task.WhenAll(
                client.SendAsync(spec, SendReason.First, id, interrupt), client.SendAsync(spec, SendReason.ConcurrentDuplicate, id, interrupt));
            answer = both.FirstOrDefault(a => !a.ShouldRetry) ?? both[0];
        }
        else
        {
            answer = await client.SendAsync(spec, SendReason.First, id, interrupt);
        }
        for (var retry = 0; retry < MaxRetries && answer.ShouldRetry; retry++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), interrupt);
            answer = await client.SendAsync(spec, SendReason.RetryAfterFailure, id, interrupt);
        }
        var resend = _random.Next(100);
        if (resend < 8)
        {
            await client.SendAsync(spec, SendReason.ImmediateResend, id, interrupt);
        }
        else if (resend < 13)
        {
            _later.Enqueue((spec, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2 + _random.Next(8))));
        }
        return answer;
    }

    private void Keep(HistoryEntry booked, string eventId)
    {
        if (booked.IsSuccess)
        {
            _bookings.Add((eventId, Json(booked).GetProperty("booking_id").GetString()!));
        }
    }

    private ChaosEvent Event() => events[_random.Next(events.Count)];

    /// <summary>A run of neighbouring seats (in map order) starting at a random seat.</summary>
    private List<string> Seats(ChaosEvent e, int count)
    {
        var first = _random.Next(e.Labels.Count - count + 1);
        return [.. e.Labels.Skip(first).Take(count)];
    }

    private string Key() => $"chaos-{seed}-w{id}-{++_keys}";

    private static JsonElement Json(HistoryEntry entry) => JsonDocument.Parse(entry.ResponseBody).RootElement;
}

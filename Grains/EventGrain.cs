using Microsoft.Extensions.Options;
using TicketBoss.Grains.Domain;
using TicketBoss.Runtime;

namespace TicketBoss.Grains;

/// <summary>
/// The grain of one event. It drives the <see cref="TicketEvent"/> domain model: apply the operation,
/// await the write when it changed anything, return. A durable reminder fires when the earliest hold expires.
/// </summary>
internal sealed class EventGrain(
    IGrainStorage<TicketEvent> storage, IOptions<TicketingOptions> options, TicketingMetrics metrics, TimeProvider time)
    : Grain<TicketEvent>(storage), IEventGrain, IRemindable
{
    private const string ExpiryReminder = "expire-holds";

    private readonly TicketingOptions _options = options.Value;
    private readonly EventFeed _feed = new();

    /// <summary>The expiry reminder's due time as stored (or staged with the pending commit).</summary>
    private DateTimeOffset? _reminderDue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State is not null)
        {
            _reminderDue = await GetReminderDueAsync(ExpiryReminder);
        }
    }

    public async Task<Outcome<EventSnapshot>> CreateAsync(EventDefinition definition)
    {
        if (State is not null)
        {
            return new TicketError(ErrorCodes.EventExists, $"event {GetPrimaryKeyString()} already exists.");
        }
        var created = TicketEvent.Create(GetPrimaryKeyString(), definition, _options, Now());
        if (!created.IsSuccess)
        {
            return created.Error!;
        }
        State = created.Value!;
        await WriteStateAsync();
        return State.Snapshot();
    }

    public Task<Outcome<EventSnapshot>> GetSnapshotAsync() => Run<EventSnapshot>((e, now) =>
    {
        e.ExpireDue(now);
        return e.Snapshot();
    });

    public async Task<Outcome<IReadOnlyList<EventSnapshot>>> WatchAsync(long afterVersion, int waitMilliseconds)
    {
        if (State is null)
        {
            return new TicketError(ErrorCodes.EventNotFound, $"event {GetPrimaryKeyString()} not found.");
        }
        _feed.Touch();
        if (State.Version > afterVersion)
        {
            // Every version since, if all are kept; else the latest (answered once it is committed).
            return Outcome(_feed.Between(afterVersion, State.Version) ?? [State.Snapshot()]);
        }
        return Outcome(await WaitOutsideTurnAsync(_feed.WaitAsync(afterVersion, TimeSpan.FromMilliseconds(Math.Clamp(waitMilliseconds, 0, 30_000)))));
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        _feed.ReleaseAll();
        return Task.CompletedTask;
    }

    public Task<Outcome<SeatsView>> GetSeatsAsync() => Run<SeatsView>((e, now) => e.Seats(now));

    public Task<Outcome<EventSnapshot>> UpdateAsync(EventChanges changes, long? expectedVersion) =>
        Run((e, now) => e.Update(changes, _options, now, expectedVersion));

    public Task<Outcome<HoldInfo>> HoldAsync(HoldRequest request) => Run((e, now) => e.PlaceHold(request, _options, now));

    public Task<Outcome<HoldInfo>> GetHoldAsync(string holdId) => Run((e, now) => e.GetHold(holdId, now));

    public Task<Outcome<HoldInfo>> ReleaseHoldAsync(string holdId) => Run((e, now) => e.ReleaseHold(holdId, now));

    public Task<Outcome<HoldInfo>> ExpireHoldAsync(string holdId) => Run((e, now) => e.ExpireHold(holdId, now));

    public Task<Outcome<BookingReceipt>> BookHoldAsync(string holdId, string paymentToken) =>
        Run((e, now) => e.BookHold(holdId, paymentToken, now));

    public Task<Outcome<BookingInfo>> BookSeatsAsync(IReadOnlyList<string> seats, long? expectedVersion = null) =>
        Run((e, now) => e.BookSeats(seats, _options, now, expectedVersion));

    public Task<Outcome<BookingInfo>> GetBookingAsync(string bookingId, string? partnerId = null) => Run((e, _) => e.GetBooking(bookingId, partnerId));

    public Task<Outcome<BookingInfo>> CancelBookingAsync(string bookingId) => Run((e, now) => e.Cancel(bookingId, null, now));

    public Task<Outcome<BookingInfo>> ReserveAsync(string partnerId, int seats) => Run((e, now) => e.Reserve(partnerId, seats, _options, now));

    public Task<Outcome<BookingInfo>> CancelReservationAsync(string reservationId, string? partnerId) =>
        Run((e, now) => e.Cancel(reservationId, BookingKind.Reservation, now, partnerId));

    public Task<Outcome<BookingInfo>> ReserveSeatAsync(string seat, string userId) => Run((e, now) => e.ReserveSeat(seat, userId, now));

    public async Task ReceiveReminder(string reminderName, DateTimeOffset dueAt)
    {
        if (State is null)
        {
            UnregisterReminder(reminderName);
            await WriteStateAsync();
            return;
        }
        // The reminder is due by definition; a clock a hair behind must not postpone the expiry.
        var now = Now();
        State.ExpireDue(now > dueAt ? now : dueAt);
        var tally = State.TakeTally();
        _reminderDue = State.NextExpiry;
        if (_reminderDue is { } next)
        {
            RegisterOrUpdateReminder(ExpiryReminder, next);
        }
        else
        {
            UnregisterReminder(ExpiryReminder);
        }
        var published = _feed.IsWatched ? State.Snapshot() : null;
        await WriteStateAsync();
        Publish(published);
        metrics.Record(tally, time.GetUtcNow() - now);
    }

    /// <summary>Applies one operation; when it changed the event, commits before answering.</summary>
    private async Task<Outcome<T>> Run<T>(Func<TicketEvent, DateTimeOffset, Outcome<T>> operation)
    {
        if (State is null)
        {
            return new TicketError(ErrorCodes.EventNotFound, $"event {GetPrimaryKeyString()} not found.");
        }
        var before = State.Version;
        var now = Now();
        var outcome = operation(State, now);
        if (State.Version != before)
        {
            KeepExpiryReminder();
            var published = _feed.IsWatched ? State.Snapshot() : null;
            var tally = State.TakeTally();
            await WriteStateAsync();
            Publish(published);
            metrics.Record(tally, time.GetUtcNow() - now);
        }
        return outcome;
    }

    /// <summary>After the commit (outside the turn): hands the snapshot taken inside the turn to the watchers.</summary>
    private void Publish(EventSnapshot? snapshot)
    {
        if (snapshot is not null)
        {
            _feed.Publish(snapshot);
        }
    }

    private static Outcome<IReadOnlyList<EventSnapshot>> Outcome(IReadOnlyList<EventSnapshot> snapshots) => new(snapshots, null);

    /// <summary>Brings the reminder forward when a hold now expires before it; a late reminder is never left behind.</summary>
    private void KeepExpiryReminder()
    {
        if (State!.NextExpiry is { } due && (_reminderDue is null || due < _reminderDue))
        {
            RegisterOrUpdateReminder(ExpiryReminder, due);
            _reminderDue = due;
        }
    }

    /// <summary>Now, to the microsecond, as PostgreSQL stores it, so times read back equal times handed out.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}

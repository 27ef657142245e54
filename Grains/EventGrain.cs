using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using TicketBoss.Grains.Domain;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Grains;

/// <summary>
/// The grain of one event. Each call applies its operation to the <see cref="TicketEvent"/> domain model with no
/// await in between, then awaits the commit (which only checks the version when nothing changed), then answers.
/// Reentrant so that calls keep being applied while a commit is in flight: Orleans queues one write behind the one in
/// flight and lets every call that comes meanwhile join it (group commit). Holds expire through a grain timer while
/// the event is active and a durable reminder (<see cref="HoldExpiry"/>) when it is not. Events are placed by
/// activation count over every member: the default placement prefers the calling silo, which put every event an HTTP
/// request created on the gateway's own silo and left the silo processes idle.
/// </summary>
[Reentrant]
[ActivationCountBasedPlacement]
internal sealed class EventGrain(
    [PersistentState("event", EventStorage.Name)] IPersistentState<EventState> state,
    IOptions<TicketingOptions> options,
    EventHistory history,
    TicketingMetrics metrics,
    TimeProvider time)
    : Grain, IEventGrain, IRemindable
{
    private const int MaxWatchMilliseconds = 20_000;

    private readonly TicketingOptions _options = options.Value;
    private readonly EventFeed _feed = new();
    private HoldExpiry? _expiry;
    private long _publishedVersion = -1;

    private TicketEvent? Event => state.State.Event;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _expiry = new HoldExpiry(this, state.State, _options.ExpiryReminderPeriod, () => Event?.NextExpiry, ExpireDueAsync, () => CommitAsync(Now()));
        _expiry.Follow();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _feed.ReleaseAll();
        return Task.CompletedTask;
    }

    public async Task<Outcome<EventSnapshot>> CreateAsync(EventDefinition definition)
    {
        Outcome<EventSnapshot> outcome;
        if (Event is not null)
        {
            outcome = new TicketError(ErrorCodes.EventExists, $"event {this.GetPrimaryKeyString()} already exists: GET /events/{this.GetPrimaryKeyString()} reads it.");
        }
        else
        {
            var created = TicketEvent.Create(this.GetPrimaryKeyString(), definition, _options, Now());
            state.State.Event = created.Value;
            outcome = created.IsSuccess ? created.Value!.Snapshot() : created.Error!;
        }
        await CommitAsync(Now());
        return outcome;
    }

    public Task<Outcome<EventSnapshot>> GetSnapshotAsync() => Run<EventSnapshot>((e, now) =>
    {
        e.ExpireDue(now);
        return e.Snapshot();
    });

    public async Task<Outcome<IReadOnlyList<EventSnapshot>>> WatchAsync(long afterVersion, int waitMilliseconds)
    {
        _feed.Touch();
        if (Event is not { } current || current.Version > afterVersion)
        {
            // Every version since, if all are kept; else the latest, answered once it is committed.
            return await Run((e, _) => new Outcome<IReadOnlyList<EventSnapshot>>(_feed.Between(afterVersion, e.Version) ?? [e.Snapshot()], null));
        }
        // Reentrant: other calls run while this one waits; what it gets was published after its commit. The wait
        // stays well inside Orleans's response timeout (30 s), so a long poll never ends as a timeout.
        return new Outcome<IReadOnlyList<EventSnapshot>>(
            await _feed.WaitAsync(afterVersion, TimeSpan.FromMilliseconds(Math.Clamp(waitMilliseconds, 0, MaxWatchMilliseconds))), null);
    }

    public Task<Outcome<SeatsView>> GetSeatsAsync() => Run<SeatsView>((e, now) => e.Seats(now));

    public Task<Outcome<EventSnapshot>> UpdateAsync(EventChanges changes, long? expectedVersion) =>
        Run((e, now) => e.Update(changes, _options, now, expectedVersion));

    public Task<Outcome<HoldInfo>> HoldAsync(HoldRequest request) => Run((e, now) => e.PlaceHold(request, _options, now));

    public Task<Outcome<HoldInfo>> GetHoldAsync(string holdId) => RunOnHold(holdId, (e, now) => e.GetHold(holdId, now));

    public Task<Outcome<HoldInfo>> ReleaseHoldAsync(string holdId) => RunOnHold(holdId, (e, now) => e.ReleaseHold(holdId, now));

    public Task<Outcome<HoldInfo>> ExpireHoldAsync(string holdId) => RunOnHold(holdId, (e, now) => e.ExpireHold(holdId, now));

    public Task<Outcome<BookingReceipt>> BookHoldAsync(string holdId, string paymentToken) =>
        RunOnHold(holdId, (e, now) => e.BookHold(holdId, paymentToken, now));

    public Task<Outcome<BookingInfo>> BookSeatsAsync(IReadOnlyList<string> seats, long? expectedVersion = null) =>
        Run((e, now) => e.BookSeats(seats, _options, now, expectedVersion));

    public Task<Outcome<BookingInfo>> GetBookingAsync(string bookingId, string? partnerId = null) =>
        RunOnBooking(bookingId, (e, _) => e.GetBooking(bookingId, partnerId));

    public Task<Outcome<BookingInfo>> CancelBookingAsync(string bookingId) => RunOnBooking(bookingId, (e, now) => e.Cancel(bookingId, null, now));

    public Task<Outcome<BookingInfo>> ReserveAsync(string partnerId, int seats) => Run((e, now) => e.Reserve(partnerId, seats, _options, now));

    public Task<Outcome<BookingInfo>> GetReservationAsync(string reservationId, string? partnerId) =>
        RunOnBooking(reservationId, (e, _) => e.GetBooking(reservationId, partnerId, BookingKind.Reservation));

    public Task<Outcome<BookingInfo>> CancelReservationAsync(string reservationId, string? partnerId) =>
        RunOnBooking(reservationId, (e, now) => e.Cancel(reservationId, BookingKind.Reservation, now, partnerId));

    public Task<Outcome<BookingInfo>> ReserveSeatAsync(string seat, string userId) => Run((e, now) => e.ReserveSeat(seat, userId, now));

    public Task ReceiveReminder(string reminderName, TickStatus status) => _expiry!.OnReminderAsync();

    /// <summary>Returns the seats of every hold that is due (timer and reminder ticks), and commits when any was.</summary>
    private async Task ExpireDueAsync()
    {
        if (Event is { } e && e.ExpireDue(Now()) > 0)
        {
            await CommitAsync(Now());
        }
    }

    /// <summary>
    /// <see cref="Run"/> for an operation on a hold that memory may have let go of: what storage keeps of it is taken
    /// back first, and the operation applied in the same turn, so the rules answer as if it had never left.
    /// </summary>
    private async Task<Outcome<T>> RunOnHold<T>(string holdId, Func<TicketEvent, DateTimeOffset, Outcome<T>> operation)
    {
        if (Event is { } e && e.MustRecallHold(holdId) && await history.FindHoldAsync(e.Id, holdId) is { } stored)
        {
            e.Recall(stored.Hold, Now());
            if (stored.Booking is { } booking)
            {
                e.Recall(booking, Now());
            }
        }
        return await Run(operation);
    }

    /// <summary><see cref="RunOnHold"/> for a booking.</summary>
    private async Task<Outcome<T>> RunOnBooking<T>(string bookingId, Func<TicketEvent, DateTimeOffset, Outcome<T>> operation)
    {
        if (Event is { } e && e.MustRecallBooking(bookingId) && await history.FindBookingAsync(e.Id, bookingId) is { } stored)
        {
            e.Recall(stored, Now());
        }
        return await Run(operation);
    }

    /// <summary>Applies one operation with no await in between, then answers once its commit (or version check) is durable.</summary>
    private async Task<Outcome<T>> Run<T>(Func<TicketEvent, DateTimeOffset, Outcome<T>> operation)
    {
        var now = Now();
        var outcome = Event is { } e
            ? operation(e, now)
            : new TicketError(ErrorCodes.EventNotFound, $"event {this.GetPrimaryKeyString()} not found: GET /events lists the events.");
        await CommitAsync(now);
        return outcome;
    }

    /// <summary>
    /// Commits every change applied so far (with those of other calls that join it), or, when there was none, checks
    /// that no other activation committed meanwhile. A failure drops the activation: the next call reloads.
    /// </summary>
    private async Task CommitAsync(DateTimeOffset appliedAt)
    {
        var e = Event;
        _expiry!.Follow();
        EventSnapshot? published = null;
        if (e is not null && _feed.IsWatched && e.Version > _publishedVersion)
        {
            // Taken inside the turn, handed to the watchers once it is committed.
            published = e.Snapshot();
            _publishedVersion = e.Version;
        }
        var tally = e?.TakeTally() ?? default;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        if (published is not null)
        {
            _feed.Publish(published);
        }
        e?.Forget(Now(), _options.EndedGracePeriod);
        metrics.Record(tally, time.GetUtcNow() - appliedAt);
    }

    /// <summary>Now, to the microsecond, as PostgreSQL stores it, so times read back equal times handed out.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}

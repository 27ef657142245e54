using TicketBoss.Grains.Storage;

namespace TicketBoss.Grains;

/// <summary>
/// Returns the seats of due holds on time, whoever dies: a grain timer at the earliest expiry while the event is
/// active (precision), and a durable Orleans reminder that ticks every period while any hold is live (so a new
/// activation on another silo takes over when the event's silo dies). The reminder is registered before the commit of
/// the hold that needs it (<see cref="EventState.ReminderChange"/>), and dropped by the tick that finds no live hold.
/// </summary>
internal sealed class HoldExpiry
{
    private const string ReminderName = "expire-holds";

    private readonly Grain _grain;
    private readonly EventState _state;
    private readonly TimeSpan _reminderPeriod;
    private readonly Func<DateTimeOffset?> _nextExpiry;
    private readonly Func<Task> _expireDue;
    private readonly Func<Task> _checkCurrent;
    private readonly IGrainTimer _timer;
    private DateTimeOffset? _timerDue;
    // The registered reminder's first tick, null when none is registered. From then on it ticks every period.
    private DateTimeOffset? _reminderDue;

    /// <param name="grain">The event grain, whose timer and reminder these are.</param>
    /// <param name="state">Its state, whose commits wait for the reminder's registration.</param>
    /// <param name="reminderPeriod">How often the reminder ticks while a hold is live.</param>
    /// <param name="nextExpiry">When the earliest live hold expires, or null when none is live.</param>
    /// <param name="expireDue">Expires the due holds and commits.</param>
    /// <param name="checkCurrent">A commit of nothing: fails unless no other activation has committed since this one loaded.</param>
    public HoldExpiry(Grain grain, EventState state, TimeSpan reminderPeriod, Func<DateTimeOffset?> nextExpiry, Func<Task> expireDue, Func<Task> checkCurrent)
    {
        (_grain, _state, _reminderPeriod, _nextExpiry, _expireDue, _checkCurrent) = (grain, state, reminderPeriod, nextExpiry, expireDue, checkCurrent);
        _timer = grain.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>
    /// After each change: brings the timer forward to the earliest expiry, and registers the reminder so that it ticks
    /// by then if a hold is live.
    /// </summary>
    public void Follow()
    {
        if (_nextExpiry() is not { } due)
        {
            return;
        }
        var wait = Max(due - DateTimeOffset.UtcNow, TimeSpan.Zero);
        if (_timerDue is null || due < _timerDue)
        {
            _timerDue = due;
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
        // A reminder first due after this hold expires would leave the hold waiting for it, were the event's silo to
        // die (or the event be collected) before: register it for the earliest expiry. Once it ticks, every period
        // covers every hold, so a busy event does not register again.
        if (_reminderDue is null || due < _reminderDue)
        {
            _reminderDue = due;
            _state.ReminderChange = Then(_state.ReminderChange, () => _grain.RegisterOrUpdateReminder(ReminderName, wait, _reminderPeriod));
        }
    }

    /// <summary>A reminder tick: expires what is due, and drops the reminder once no hold is live.</summary>
    public async Task OnReminderAsync()
    {
        await _expireDue();
        if (_nextExpiry() is not null)
        {
            return;
        }
        // The reminder is the event's, not this activation's: one that another activation superseded (or that found
        // no event before another created it) sees no live hold where there are some, and would drop the reminder that
        // returns their seats. Only state checked to be current may say none is live; the check throws otherwise, the
        // runtime drops this activation, and the next tick wakes a fresh one.
        await _checkCurrent();
        if (_nextExpiry() is null)
        {
            _reminderDue = null;
            _state.ReminderChange = Then(_state.ReminderChange, UnregisterAsync);
        }
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _timerDue = null;
        await _expireDue();
        Follow();
    }

    private async Task UnregisterAsync()
    {
        if (await _grain.GetReminder(ReminderName) is { } reminder)
        {
            await _grain.UnregisterReminder(reminder);
        }
    }

    /// <summary>Runs <paramref name="next"/> after <paramref name="previous"/>; a failure stays, so that commits behind it fail too.</summary>
    private static async Task Then(Task previous, Func<Task> next)
    {
        await previous;
        await next();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

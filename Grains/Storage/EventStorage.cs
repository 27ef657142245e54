using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// The grain storage <c>"events"</c>: loads an event with its live holds, confirmed bookings and seat rows in one round trip, and
/// writes each commit as a delta (the fenced event row, then the new and changed holds and bookings, each kind in one
/// statement) through the silo's <see cref="CommitBatcher"/>. The ETag is the committed version. A write that finds
/// nothing changed checks the version instead, so that a superseded activation never answers from its old state.
/// </summary>
internal sealed partial class EventStorage(NpgsqlDataSource dataSource, CommitBatcher batcher, CommitMetrics metrics, ILogger<EventStorage> logger)
    : IGrainStorage
{
    public const string Name = "events";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = grainId.Key.ToString()!;
        TicketEvent? loaded;
        try
        {
            loaded = await ReadAsync(key);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogLoadFailed(logger, e, key);
            throw new StorageUnavailableException($"event {key} could not be loaded: {e.Message}");
        }
        var state = StateOf(grainState);
        state.Event = loaded;
        grainState.ETag = Etag(loaded?.Version ?? -1);
        grainState.RecordExists = loaded is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = StateOf(grainState);
        var key = grainId.Key.ToString()!;
        // A hold becomes durable only after the reminder that returns its seats; wait for one registered meanwhile.
        try
        {
            while (!state.ReminderChange.IsCompleted)
            {
                await state.ReminderChange;
            }
        }
        catch (Exception failure)
        {
            // A registration failed: memory may hold a hold that no reminder would expire, and nothing of it was sent.
            // The first commit to see it fails as retryable (not with the reminder provider's own error), every later
            // one as poisoned. A failed removal lands here too: dropping the activation is harmless then.
            if (!state.Poisoned)
            {
                state.Poisoned = true;
                metrics.Failed();
                LogCommitFailed(logger, failure, key);
                throw new StorageUnavailableException(
                    $"event {key}: the expiry reminder could not be changed, so nothing was committed ({failure.Message}); retry.");
            }
        }
        if (state.Poisoned || state.ReminderChange.IsFaulted)
        {
            state.Poisoned = true;
            throw new InconsistentStateException($"event {key}: an earlier commit or reminder registration failed; retry.");
        }
        // From here to the hand-over nothing awaits: the capture is one piece of the activation's turns.
        var expected = long.Parse(grainState.ETag ?? "-1", CultureInfo.InvariantCulture);
        var e = state.Event;
        // The version this write makes durable, taken with its rows: calls applied while it is in flight move the
        // event on, and their changes are the next write's, so they must not count as committed by this one.
        var committing = e?.Version;
        var wroteRows = e is not null && committing != expected;
        var write = wroteRows
            ? Capture(key, e!, expected)
            : new GrainWrite { Rows = { EventRows.CheckEvent(key, expected) } };
        var started = Stopwatch.GetTimestamp();
        try
        {
            await batcher.ExecuteAsync(write);
        }
        catch (Exception failure)
        {
            state.Poisoned = true;
            metrics.Failed();
            LogCommitFailed(logger, failure, key);
            throw Translate(key, failure, expected);
        }
        metrics.Committed(wroteRows, Stopwatch.GetElapsedTime(started));
        if (committing is { } version)
        {
            grainState.ETag = Etag(version);
            grainState.RecordExists = true;
            e!.Committed(version);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new NotSupportedException("Events are never deleted.");

    private async Task<TicketEvent?> ReadAsync(string key)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(WithKey(EventRows.SelectEvent, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectHolds, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectBookings, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectSeatRows, key));
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        var (details, capacity, labels, createdAt, version, prefersCentre) = EventRows.ReadEvent(reader);
        await reader.NextResultAsync();
        var holds = new List<Hold>();
        while (await reader.ReadAsync())
        {
            holds.Add(EventRows.ReadHold(reader));
        }
        await reader.NextResultAsync();
        var bookings = new List<Booking>();
        while (await reader.ReadAsync())
        {
            bookings.Add(EventRows.ReadBooking(reader));
        }
        await reader.NextResultAsync();
        var rows = new List<SeatRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(EventRows.ReadSeatRow(reader));
        }
        var layout = labels is null ? SeatLayout.Numbered(capacity) : SeatLayout.Mapped(labels, rows.Count > 0 ? [.. rows] : null, prefersCentre);
        return TicketEvent.Restore(key, details, layout, createdAt, version, holds, bookings);
    }

    /// <summary>The delta since the last capture, as values taken now: later calls may change the event before it runs.</summary>
    private static GrainWrite Capture(string key, TicketEvent state, long expectedVersion)
    {
        var changes = state.TakeChanges();
        var write = new GrainWrite();
        if (changes.IsNewEvent)
        {
            write.Commands.Add(EventRows.InsertEvent(state));
            if (state.Layout.Rows is { } rows)
            {
                write.Commands.Add(EventRows.InsertSeatRows(key, [.. rows]));
            }
        }
        else
        {
            write.Rows.Add(EventRows.FenceEvent(state, expectedVersion));
        }
        AddRows(write, key, changes.NewHolds, EventRows.InsertHolds);
        AddRows(write, key, changes.ChangedHolds, EventRows.UpdateHolds);
        AddRows(write, key, changes.NewBookings, EventRows.InsertBookings);
        AddRows(write, key, changes.ChangedBookings, EventRows.UpdateBookings);
        return write;
    }

    /// <summary>
    /// A lost fence is Orleans's <see cref="InconsistentStateException"/>, which makes the runtime drop the activation;
    /// PostgreSQL out of reach before anything was sent, or an error it rolled the commit back for, is retryable;
    /// anything else (a broken connection, a session the server ended) may or may not have landed. The driver's
    /// exception stays here (it is logged): callers in other processes could not read it.
    /// </summary>
    private static Exception Translate(string key, Exception failure, long expected) => failure switch
    {
        PostgresException { SqlState: PostgresFence.ConflictSqlState } =>
            new InconsistentStateException($"event {key} was changed by another activation; retry.", Etag(expected), null, null),
        StorageUnavailableException => new StorageUnavailableException($"event {key}: {failure.Message}"),
        PostgresException e when CommitBatcher.RolledBack(e) =>
            new StorageUnavailableException($"event {key}: the commit was rolled back ({failure.Message}); retry."),
        _ => new CommitOutcomeUnknownException($"event {key}: the connection to PostgreSQL broke during the commit: {failure.Message}"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} could not be loaded")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A commit of event {EventId} failed; its activation is dropped")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string eventId);

    private static EventState StateOf<T>(IGrainState<T> grainState) =>
        grainState.State as EventState ?? throw new InvalidOperationException($"The \"{Name}\" storage keeps {nameof(EventState)} only.");

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static void AddRows<T>(GrainWrite write, string key, T[] items, Func<string, T[], RowCommand> rows)
    {
        if (items.Length > 0)
        {
            write.Rows.Add(rows(key, items));
        }
    }

    private static NpgsqlBatchCommand WithKey(string sql, string key)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return command;
    }
}

using Npgsql;
using NpgsqlTypes;
using TicketBoss.Grains.Domain;
using TicketBoss.Runtime;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Loads an event with its holds, bookings and seat rows in one round trip, and writes each commit as a delta:
/// the fenced event row, then the new and the changed holds and bookings, each kind in one statement.
/// </summary>
internal sealed class EventStore(NpgsqlDataSource dataSource) : IGrainStorage<TicketEvent>
{
    public async Task<TicketEvent?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(WithKey(EventRows.SelectEvent, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectHolds, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectBookings, key));
        batch.BatchCommands.Add(WithKey(EventRows.SelectSeatRows, key));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var (details, capacity, labels, createdAt, version) = EventRows.ReadEvent(reader);
        await reader.NextResultAsync(cancellationToken);
        var holds = new List<Hold>();
        while (await reader.ReadAsync(cancellationToken))
        {
            holds.Add(EventRows.ReadHold(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        var bookings = new List<Booking>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bookings.Add(EventRows.ReadBooking(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<SeatRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(EventRows.ReadSeatRow(reader));
        }
        var layout = labels is null ? SeatLayout.Numbered(capacity) : SeatLayout.Mapped(labels, rows.Count > 0 ? [.. rows] : null);
        return TicketEvent.Restore(key, details, layout, createdAt, version, holds, bookings);
    }

    public GrainWrite CaptureWrite(string key, TicketEvent state, long expectedVersion)
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

    public GrainWrite CaptureCheck(string key, long expectedVersion)
    {
        var write = new GrainWrite();
        write.Rows.Add(EventRows.CheckEvent(key, expectedVersion));
        return write;
    }

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

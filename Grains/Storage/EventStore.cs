using Npgsql;
using NpgsqlTypes;
using TicketBoss.Grains.Domain;
using TicketBoss.Runtime;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Loads an event with its holds and bookings in one round trip, and writes each commit as a delta:
/// the fenced event row, then the changed holds and bookings, each kind in one statement.
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
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var (details, layout, createdAt, version) = EventRows.ReadEvent(reader);
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
        return TicketEvent.Restore(key, details, layout, createdAt, version, holds, bookings);
    }

    public IReadOnlyList<NpgsqlBatchCommand> CaptureWrite(string key, TicketEvent state, long expectedVersion)
    {
        var (holds, bookings, isNew) = state.TakeChanges();
        var commands = new List<NpgsqlBatchCommand>(3)
        {
            isNew ? EventRows.InsertEvent(state) : EventRows.FenceEvent(state, expectedVersion),
        };
        if (holds.Length > 0)
        {
            commands.Add(EventRows.UpsertHolds(key, holds));
        }
        if (bookings.Length > 0)
        {
            commands.Add(EventRows.UpsertBookings(key, bookings));
        }
        return commands;
    }

    private static NpgsqlBatchCommand WithKey(string sql, string key)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return command;
    }
}

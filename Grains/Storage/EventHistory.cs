using Microsoft.Extensions.Logging;
using Npgsql;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// Reads single holds and bookings of an event from PostgreSQL: the ended ones its activation no longer keeps in
/// memory (<see cref="TicketEvent.Forget"/>) or never loaded. Each read is one primary-key lookup.
/// </summary>
internal sealed partial class EventHistory(NpgsqlDataSource dataSource, ILogger<EventHistory> logger)
{
    /// <summary>A hold as stored, with its booking when it was booked; null when the event has no such hold.</summary>
    public Task<(Hold Hold, Booking? Booking)?> FindHoldAsync(string eventId, string holdId) =>
        ReadOneAsync(EventRows.SelectHoldWithBooking, eventId, holdId,
            row => ((Hold, Booking?)?)(EventRows.ReadHold(row), row.IsDBNull(7) ? null : EventRows.ReadBooking(row, 7)));

    /// <summary>A booking as stored; null when the event has no such booking.</summary>
    public Task<Booking?> FindBookingAsync(string eventId, string bookingId) =>
        ReadOneAsync(EventRows.SelectBooking, eventId, bookingId, row => (Booking?)EventRows.ReadBooking(row));

    private async Task<T?> ReadOneAsync<T>(string sql, string eventId, string id, Func<NpgsqlDataReader, T> read)
    {
        try
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? read(reader) : default;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogReadFailed(logger, e, eventId, id);
            throw new StorageUnavailableException($"event {eventId}: {id} could not be read from storage; retry.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId}: {Id} could not be read from storage")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string eventId, string id);
}

using Npgsql;
using Orleans.Concurrency;

namespace TicketBoss.Grains;

/// <summary>
/// Answers questions across events from the committed tables: the event list and service-wide counts. A stateless
/// worker: every silo answers its own callers, several at a time.
/// </summary>
[StatelessWorker]
internal sealed class EventDirectoryGrain(NpgsqlDataSource dataSource) : Grain, IEventDirectoryGrain
{
    public async Task<EventPage> ListAsync(string? after, int pageSize)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_id, name, venue, starts_at, created_at, capacity, available, held, booked, reservation_count, version
              FROM events WHERE event_id > $1 ORDER BY event_id LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after ?? "" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
        var items = new List<EventSnapshot>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new EventSnapshot(
                reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : Utc(reader.GetDateTime(3)),
                Utc(reader.GetDateTime(4)),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9),
                reader.GetInt64(10)));
        }
        var next = items.Count > pageSize ? items[pageSize - 1].EventId : null;
        return new EventPage(items.Take(pageSize).ToList(), next);
    }

    public async Task<TicketStats> GetStatsAsync()
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM events),
                   count(*) FILTER (WHERE status = 'active'),
                   count(*) FILTER (WHERE status = 'expired'),
                   count(*) FILTER (WHERE status = 'released'),
                   (SELECT count(*) FROM bookings WHERE status = 'confirmed'),
                   (SELECT count(*) FROM bookings WHERE status = 'cancelled'),
                   (SELECT coalesce(sum(booked), 0) FROM events),
                   (SELECT coalesce(sum(held), 0) FROM events),
                   (SELECT coalesce(sum(reservation_count), 0) FROM events)
              FROM holds
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new TicketStats(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}

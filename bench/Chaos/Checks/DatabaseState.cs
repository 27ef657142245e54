using Npgsql;

namespace TicketBoss.Chaos.Checks;

/// <summary>The service's tables as they are at the end of the run, read in one consistent snapshot.</summary>
internal sealed class DatabaseState
{
    public required DateTimeOffset Now { get; init; }
    public required Dictionary<string, EventRow> Events { get; init; }
    public required Dictionary<string, HoldRow> Holds { get; init; }
    public required Dictionary<string, BookingRow> Bookings { get; init; }

    /// <summary>Seats that seat_assignments lists more than once for one event (an oversell).</summary>
    public required List<string> DuplicateSeats { get; init; }

    public static async Task<DatabaseState> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var now = await ScalarAsync<DateTime>(connection, "SELECT now()");
        var events = new Dictionary<string, EventRow>();
        await ReadAsync(connection, """
            SELECT e.event_id, e.capacity, e.seat_labels, e.version, e.available, e.held, e.booked,
                   (SELECT coalesce(sum(cardinality(h.seats)), 0) FROM holds h WHERE h.event_id = e.event_id AND h.status = 'active'),
                   (SELECT coalesce(sum(cardinality(b.seats)), 0) FROM bookings b WHERE b.event_id = e.event_id AND b.status = 'confirmed')
              FROM events e
            """, r => events[r.GetString(0)] = new EventRow(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetFieldValue<string[]>(2),
                r.GetInt64(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), (int)r.GetInt64(7), (int)r.GetInt64(8)));
        var holds = new Dictionary<string, HoldRow>();
        await ReadAsync(connection, "SELECT hold_id, event_id, seats, status, expires_at, booking_id FROM holds",
            r => holds[r.GetString(0)] = new HoldRow(r.GetString(0), r.GetString(1), r.GetFieldValue<int[]>(2), r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetString(5)));
        var bookings = new Dictionary<string, BookingRow>();
        await ReadAsync(connection, "SELECT booking_id, event_id, kind, seats, status FROM bookings",
            r => bookings[r.GetString(0)] = new BookingRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<int[]>(3), r.GetString(4)));
        var duplicates = new List<string>();
        await ReadAsync(connection, """
            SELECT event_id, seat, count(*), string_agg(coalesce(held_by, booking_id), ', ')
              FROM seat_assignments GROUP BY 1, 2 HAVING count(*) > 1
            """, r => duplicates.Add($"{r.GetString(0)} seat #{r.GetInt32(1)} assigned {r.GetInt64(2)} times: {r.GetString(3)}"));
        return new DatabaseState
        {
            Now = new DateTimeOffset(now, TimeSpan.Zero),
            Events = events,
            Holds = holds,
            Bookings = bookings,
            DuplicateSeats = duplicates,
        };
    }

    /// <summary>Active holds and the latest expiry among them, to wait for expiry without reading everything.</summary>
    public static async Task<(long Active, long PastDue)> CountActiveHoldsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(*) FILTER (WHERE expires_at < now()) FROM holds WHERE status = 'active'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            row(reader);
        }
    }
}

/// <summary>A row of <c>events</c>, with the seats its holds and bookings actually take.</summary>
internal sealed record EventRow(
    string EventId, int Capacity, string[]? SeatLabels, long Version, int Available, int Held, int Booked, int HeldRecount, int BookedRecount)
{
    /// <summary>The label of seat number <paramref name="index"/> (from 0): its map label, or its number from 1.</summary>
    public string Label(int index) => SeatLabels is { } labels && index >= 0 && index < labels.Length
        ? labels[index]
        : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A row of <c>holds</c>.</summary>
internal sealed record HoldRow(string HoldId, string EventId, int[] Seats, string Status, DateTimeOffset ExpiresAt, string? BookingId);

/// <summary>A row of <c>bookings</c> (reservations included, kind 'reservation').</summary>
internal sealed record BookingRow(string BookingId, string EventId, string Kind, int[] Seats, string Status);

using Npgsql;
using NpgsqlTypes;
using TicketBoss.Grains.Domain;

namespace TicketBoss.Grains.Storage;

/// <summary>The SQL of the event tables and the mapping between their rows and the domain.</summary>
internal static class EventRows
{
    public const string SelectEvent =
        "SELECT name, venue, starts_at, capacity, seat_labels, created_at, version, seat_preference FROM events WHERE event_id = $1";

    // An activation loads what the rules keep in memory: live holds (through the partial index holds_active, so the
    // read costs what is live, not the event's history) and confirmed bookings. Ended ones are read one at a time.
    public const string SelectHolds =
        "SELECT hold_id, seats, payment_token, status, created_at, expires_at, booking_id FROM holds WHERE event_id = $1 AND status = 'active'";

    public const string SelectBookings =
        "SELECT booking_id, kind, seats, status, created_at, cancelled_at, hold_id, partner_id, user_id FROM bookings WHERE event_id = $1 AND status = 'confirmed'";

    /// <summary>One hold and, when it was booked, its booking: the columns of <see cref="ReadHold"/> then of <see cref="ReadBooking"/>.</summary>
    public const string SelectHoldWithBooking =
        """
        SELECT h.hold_id, h.seats, h.payment_token, h.status, h.created_at, h.expires_at, h.booking_id,
               b.booking_id, b.kind, b.seats, b.status, b.created_at, b.cancelled_at, b.hold_id, b.partner_id, b.user_id
          FROM holds h LEFT JOIN bookings b ON b.event_id = h.event_id AND b.booking_id = h.booking_id
         WHERE h.event_id = $1 AND h.hold_id = $2
        """;

    public const string SelectBooking =
        "SELECT booking_id, kind, seats, status, created_at, cancelled_at, hold_id, partner_id, user_id FROM bookings WHERE event_id = $1 AND booking_id = $2";

    public const string SelectSeatRows =
        "SELECT section, row_label, first_seat, seat_count FROM seat_rows WHERE event_id = $1 ORDER BY position";

    public static (EventDefinition Details, int Capacity, string[]? Labels, DateTimeOffset CreatedAt, long Version, bool PrefersCentre) ReadEvent(NpgsqlDataReader row)
    {
        var capacity = row.GetInt32(3);
        var labels = row.IsDBNull(4) ? null : row.GetFieldValue<string[]>(4);
        var details = new EventDefinition(
            row.GetString(0),
            capacity,
            row.IsDBNull(1) ? null : row.GetString(1),
            row.IsDBNull(2) ? null : Utc(row.GetDateTime(2)));
        return (details, capacity, labels, Utc(row.GetDateTime(5)), row.GetInt64(6), row.IsDBNull(7));
    }

    public static SeatRow ReadSeatRow(NpgsqlDataReader row) =>
        new(row.IsDBNull(0) ? null : row.GetString(0), row.GetString(1), row.GetInt32(2), row.GetInt32(3));

    /// <summary>The rows of a new event's seat map, written with the event.</summary>
    public static NpgsqlBatchCommand InsertSeatRows(string eventId, SeatRow[] rows)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO seat_rows (event_id, position, section, row_label, first_seat, seat_count)
            SELECT $1, r.position - 1, r.section, r.name, r.first, r.count
              FROM unnest($2::text[], $3::text[], $4::integer[], $5::integer[]) WITH ORDINALITY AS r(section, name, first, count, position)
            """);
        var p = command.Parameters;
        p.Add(Text(eventId));
        p.Add(Texts(rows, r => r.Section));
        p.Add(Texts(rows, r => r.Name));
        p.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.First).ToArray() });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Count).ToArray() });
        return command;
    }

    public static Hold ReadHold(NpgsqlDataReader row) =>
        new(row.GetString(0), row.GetFieldValue<int[]>(1), Utc(row.GetDateTime(4)), Utc(row.GetDateTime(5)), row.GetString(2),
            Enum.Parse<HoldStatus>(row.GetString(3), ignoreCase: true), row.IsDBNull(6) ? null : row.GetString(6));

    /// <summary>A booking from nine columns starting at <paramref name="first"/>.</summary>
    public static Booking ReadBooking(NpgsqlDataReader row, int first = 0) =>
        new(row.GetString(first), Enum.Parse<BookingKind>(row.GetString(first + 1), ignoreCase: true), row.GetFieldValue<int[]>(first + 2),
            Utc(row.GetDateTime(first + 4)))
        {
            Status = Enum.Parse<BookingStatus>(row.GetString(first + 3), ignoreCase: true),
            CancelledAt = row.IsDBNull(first + 5) ? null : Utc(row.GetDateTime(first + 5)),
            HoldId = row.IsDBNull(first + 6) ? null : row.GetString(first + 6),
            PartnerId = row.IsDBNull(first + 7) ? null : row.GetString(first + 7),
            UserId = row.IsDBNull(first + 8) ? null : row.GetString(first + 8),
        };

    /// <summary>The first write of an event; a row that already exists fails the fence.</summary>
    public static NpgsqlBatchCommand InsertEvent(TicketEvent e)
    {
        var command = new NpgsqlBatchCommand(
            """
            WITH inserted AS (
                INSERT INTO events (event_id, name, venue, starts_at, capacity, seat_labels, created_at,
                                    version, available, held, booked, reservation_count, seat_preference)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (event_id) DO NOTHING RETURNING 1)
            SELECT fence_check((SELECT count(*) FROM inserted), $1)
            """);
        var p = command.Parameters;
        p.Add(Text(e.Id));
        p.Add(Text(e.Details.Name));
        p.Add(Text(e.Details.Venue));
        p.Add(new NpgsqlParameter { Value = (object?)e.Details.StartsAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.Capacity });
        p.Add(new NpgsqlParameter { Value = (object?)e.Layout.Labels?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(Time(e.CreatedAt));
        AddCounts(p, e);
        p.Add(Text(e.Layout.Labels is not null && !e.Layout.PrefersCentre ? SeatPreferences.First : null));
        return command;
    }

    // Row statements: the commits of many events that share a transaction write all their rows in one statement each.
    private static readonly RowStatement FenceRows = new(
        """
        WITH updated AS (
            UPDATE events e SET version = i.version, available = i.available, held = i.held, booked = i.booked,
                                reservation_count = i.reservations, name = i.name, venue = i.venue,
                                starts_at = i.starts_at, capacity = i.capacity
              FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::integer[], $5::integer[], $6::integer[],
                          $7::integer[], $8::text[], $9::text[], $10::timestamptz[], $11::integer[])
                   AS i(event_id, expected, version, available, held, booked, reservations, name, venue, starts_at, capacity)
             WHERE e.event_id = i.event_id AND e.version = i.expected
            RETURNING 1)
        SELECT fence_check_rows((SELECT count(*) FROM updated), $1::text[])
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer,
        NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer);

    // A fence that writes nothing: the stored version (-1 when there is no row) must still be the expected one.
    private static readonly RowStatement CheckRows = new(
        """
        SELECT fence_check_rows(
            (SELECT count(*) FROM unnest($1::text[], $2::bigint[]) AS i(event_id, expected)
              WHERE COALESCE((SELECT e.version FROM events e WHERE e.event_id = i.event_id), -1) = i.expected),
            $1::text[])
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Bigint);

    // New rows are inserted plainly and stored rows updated in place: an upsert costs PostgreSQL more per row.
    private static readonly RowStatement NewHoldRows = new(
        """
        INSERT INTO holds (hold_id, event_id, seats, payment_token, status, created_at, expires_at, booking_id)
        SELECT h.id, h.event_id, string_to_array(h.seats, ',')::integer[], h.token, h.status, h.created, h.expires, h.booking
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[])
               AS h(event_id, id, seats, token, status, created, expires, booking)
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text);

    // expires_at changes too: a hold expired before its time expires when it is expired.
    private static readonly RowStatement ChangedHoldRows = new(
        """
        UPDATE holds h SET status = c.status, booking_id = c.booking, expires_at = c.expires
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS c(event_id, id, status, booking, expires)
         WHERE h.event_id = c.event_id AND h.hold_id = c.id
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz);

    private static readonly RowStatement NewBookingRows = new(
        """
        INSERT INTO bookings (booking_id, event_id, kind, seats, status, created_at, cancelled_at, hold_id, partner_id, user_id)
        SELECT b.id, b.event_id, b.kind, string_to_array(b.seats, ',')::integer[], b.status, b.created, b.cancelled, b.hold, b.partner, b.usr
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                      $8::text[], $9::text[], $10::text[])
               AS b(event_id, id, kind, seats, status, created, cancelled, hold, partner, usr)
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text);

    private static readonly RowStatement ChangedBookingRows = new(
        """
        UPDATE bookings b SET status = c.status, cancelled_at = c.cancelled
          FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS c(event_id, id, status, cancelled)
         WHERE b.event_id = c.event_id AND b.booking_id = c.id
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz);

    /// <summary>Moves the event row from the version this activation last committed to the current one, or raises.</summary>
    public static RowCommand FenceEvent(TicketEvent e, long expectedVersion) => FenceRows.Rows(
        new[] { e.Id },
        new[] { expectedVersion },
        new[] { e.Version },
        new[] { e.Available },
        new[] { e.Held },
        new[] { e.Booked },
        new[] { e.ReservationCount },
        // Details travel with every commit: they rarely change, and a few more columns cost less than tracking them.
        new[] { e.Details.Name },
        new[] { e.Details.Venue },
        new[] { e.Details.StartsAt?.UtcDateTime },
        new[] { e.Capacity });

    /// <summary>Raises unless the event row is still at the version this activation last committed or loaded.</summary>
    public static RowCommand CheckEvent(string eventId, long expectedVersion) => CheckRows.Rows(
        new[] { eventId },
        new[] { expectedVersion });

    public static RowCommand InsertHolds(string eventId, Hold[] holds) => NewHoldRows.Rows(
        Array.ConvertAll(holds, _ => eventId),
        Array.ConvertAll(holds, h => h.Id),
        Array.ConvertAll(holds, h => string.Join(',', h.Seats)),
        Array.ConvertAll(holds, h => h.PaymentToken),
        Array.ConvertAll(holds, h => Name(h.Status)),
        Array.ConvertAll(holds, h => h.CreatedAt.UtcDateTime),
        Array.ConvertAll(holds, h => h.ExpiresAt.UtcDateTime),
        Array.ConvertAll(holds, h => h.BookingId));

    public static RowCommand UpdateHolds(string eventId, Hold[] holds) => ChangedHoldRows.Rows(
        Array.ConvertAll(holds, _ => eventId),
        Array.ConvertAll(holds, h => h.Id),
        Array.ConvertAll(holds, h => Name(h.Status)),
        Array.ConvertAll(holds, h => h.BookingId),
        Array.ConvertAll(holds, h => h.ExpiresAt.UtcDateTime));

    public static RowCommand InsertBookings(string eventId, Booking[] bookings) => NewBookingRows.Rows(
        Array.ConvertAll(bookings, _ => eventId),
        Array.ConvertAll(bookings, b => b.Id),
        Array.ConvertAll(bookings, b => Name(b.Kind)),
        Array.ConvertAll(bookings, b => string.Join(',', b.Seats)),
        Array.ConvertAll(bookings, b => Name(b.Status)),
        Array.ConvertAll(bookings, b => b.CreatedAt.UtcDateTime),
        Array.ConvertAll(bookings, b => b.CancelledAt?.UtcDateTime),
        Array.ConvertAll(bookings, b => b.HoldId),
        Array.ConvertAll(bookings, b => b.PartnerId),
        Array.ConvertAll(bookings, b => b.UserId));

    public static RowCommand UpdateBookings(string eventId, Booking[] bookings) => ChangedBookingRows.Rows(
        Array.ConvertAll(bookings, _ => eventId),
        Array.ConvertAll(bookings, b => b.Id),
        Array.ConvertAll(bookings, b => Name(b.Status)),
        Array.ConvertAll(bookings, b => b.CancelledAt?.UtcDateTime));

    private static void AddCounts(NpgsqlParameterCollection p, TicketEvent e)
    {
        p.Add(new NpgsqlParameter<long> { TypedValue = e.Version });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.Available });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.Held });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.Booked });
        p.Add(new NpgsqlParameter<int> { TypedValue = e.ReservationCount });
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => StoredNames<TEnum>.Of(value);

    // The stored name of each member, made once: a name per row made two strings per row for every commit.
    private static class StoredNames<TEnum> where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());

        public static string Of(TEnum value) => Names[value];
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset value) =>
        new NpgsqlParameter<DateTime> { TypedValue = value.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static NpgsqlParameter Texts<T>(T[] rows, Func<T, string?> field) =>
        new() { Value = Array.ConvertAll(rows, r => field(r)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}

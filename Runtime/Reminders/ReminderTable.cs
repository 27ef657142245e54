using Npgsql;
using NpgsqlTypes;

namespace TicketBoss.Runtime.Reminders;

/// <summary>Durable reminders in PostgreSQL: one row per grain and reminder name, with its due time.</summary>
public sealed class ReminderTable(NpgsqlDataSource dataSource)
{
    /// <summary>A reminder that is due (or about to be).</summary>
    public sealed record DueReminder(GrainId GrainId, string Name, DateTimeOffset DueAt);

    private static readonly RowStatement Delete = new(
        """
        DELETE FROM reminders r USING unnest($1::text[], $2::text[], $3::text[]) AS d(grain_type, grain_key, name)
         WHERE r.grain_type = d.grain_type AND r.grain_key = d.grain_key AND r.name = d.name
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text);

    private static readonly RowStatement Upsert = new(
        """
        INSERT INTO reminders (grain_type, grain_key, name, due_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at
        """,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz);

    /// <summary>
    /// The row that sets (or, with a null due time, removes) a reminder, for a grain's commit: the reminders of
    /// many grains that share a transaction are written by one statement.
    /// </summary>
    public RowCommand WriteRows(GrainId grainId, string name, DateTimeOffset? dueAt) => dueAt is { } due
        ? Upsert.Rows(new[] { grainId.Type }, new[] { grainId.Key }, new[] { name }, new[] { due.UtcDateTime })
        : Delete.Rows(new[] { grainId.Type }, new[] { grainId.Key }, new[] { name });

    public async Task<DateTimeOffset?> GetDueAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT due_at FROM reminders WHERE grain_type = $1 AND grain_key = $2 AND name = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    /// <summary>Reminders due before <paramref name="horizon"/>, earliest first.</summary>
    public async Task<List<DueReminder>> ReadDueAsync(DateTimeOffset horizon, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT grain_type, grain_key, name, due_at FROM reminders WHERE due_at <= $1 ORDER BY due_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = horizon.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var due = new List<DueReminder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(new DueReminder(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)));
        }
        return due;
    }
}

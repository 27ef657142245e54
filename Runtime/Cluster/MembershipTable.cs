using Npgsql;

namespace TicketBoss.Runtime.Cluster;

/// <summary>The <c>silos</c> table: join, heartbeat (declaring silent silos dead on the way), read, leave.</summary>
internal sealed class MembershipTable(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, address, status, pid, activations, started_at, last_heartbeat";

    /// <summary>What one heartbeat learnt: whether this silo is still Active, whom it declared dead, and the table.</summary>
    public sealed record Heartbeat(bool StillActive, IReadOnlyList<string> DeclaredDead, ClusterView View);

    public async Task JoinAsync(string siloId, string address, int pid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO silos (id, address, status, pid) VALUES ($1, $2, 'Active', $3)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = address });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pid });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One round trip: refresh this silo's heartbeat, declare dead every Active silo silent for longer than
    /// <paramref name="deathTimeout"/> (by the database clock), prune rows long dead, and read the table.
    /// </summary>
    public async Task<Heartbeat> HeartbeatAsync(string siloId, int activations, TimeSpan deathTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("UPDATE silos SET last_heartbeat = now(), activations = $2 WHERE id = $1 AND status = 'Active' RETURNING id",
                    siloId, activations),
                Command("""
                    UPDATE silos SET status = 'Dead', declared_dead_at = now(), declared_dead_by = $1
                    WHERE status = 'Active' AND id <> $1 AND last_heartbeat < now() - make_interval(secs => $2)
                    RETURNING id
                    """, siloId, deathTimeout.TotalSeconds),
                Command("DELETE FROM silos WHERE status = 'Dead' AND declared_dead_at < now() - interval '1 hour' RETURNING id"),
                Command($"SELECT {Columns} FROM silos ORDER BY started_at, id"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var stillActive = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var declaredDead = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            declaredDead.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var members = await ReadMembersAsync(reader, cancellationToken).ConfigureAwait(false);
        return new Heartbeat(stillActive, declaredDead, new ClusterView(members));
    }

    public async Task<ClusterView> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM silos ORDER BY started_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterView(await ReadMembersAsync(reader, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Removes the silo's row: a graceful leave, so its grains move at once instead of after the death timeout.</summary>
    public async Task LeaveAsync(string siloId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM silos WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<SiloMember>> ReadMembersAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var members = new List<SiloMember>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(new SiloMember(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero)));
        }
        return members;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}

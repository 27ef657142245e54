using Npgsql;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// What one commit of an activation writes: commands run as they are, in order, then rows for row statements, each
/// joined with the same statement's rows from the other commits that share the transaction.
/// </summary>
internal sealed class GrainWrite
{
    /// <summary>Commands run first, as they are (a new grain's insert, for instance).</summary>
    public List<NpgsqlBatchCommand> Commands { get; } = [];

    /// <summary>Rows for row statements, run after every commit's commands.</summary>
    public List<RowCommand> Rows { get; } = [];

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Commands.Count == 0 && Rows.Count == 0;
}

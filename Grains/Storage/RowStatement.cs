using Npgsql;
using NpgsqlTypes;

namespace TicketBoss.Grains.Storage;

/// <summary>
/// A statement that takes only arrays, one element per row, so that the same statement from the commits of many
/// activations runs once in their shared transaction, with the arrays joined. Such a statement must mean the same
/// whichever rows share it: each row touches only its own grain's data, and the statement checks every row.
/// </summary>
/// <param name="sql">The statement, with one array parameter per column.</param>
/// <param name="columns">The element type of each parameter, in order.</param>
internal sealed class RowStatement(string sql, params NpgsqlDbType[] columns)
{
    /// <summary>The statement's text.</summary>
    public string Sql => sql;

    /// <summary>
    /// The rows of one commit: an array per column, all of the same length. The rows are plain arrays until the
    /// transaction runs, when the rows of every commit become one parameter per column.
    /// </summary>
    public RowCommand Rows(params Array[] values)
    {
        if (values.Length != columns.Length)
        {
            throw new ArgumentException($"The statement takes {columns.Length} columns, not {values.Length}: {sql}", nameof(values));
        }
        // A loop, not LINQ: this runs for every commit.
        foreach (var column in values)
        {
            if (column.Length != values[0].Length)
            {
                throw new ArgumentException($"The columns of a row statement must be arrays of the same length: {sql}", nameof(values));
            }
        }
        return new RowCommand(this, values);
    }

    /// <summary>One command that runs the rows of every command given, in order.</summary>
    internal NpgsqlBatchCommand Bind(IReadOnlyList<RowCommand> commands)
    {
        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Column(commands, i), NpgsqlDbType = NpgsqlDbType.Array | columns[i] });
        }
        return command;
    }

    private static Array Column(IReadOnlyList<RowCommand> commands, int index)
    {
        if (commands.Count == 1)
        {
            return commands[0].Values[index];
        }
        var first = commands[0].Values[index];
        var total = 0;
        foreach (var command in commands)
        {
            total += command.Values[index].Length;
        }
        var joined = Array.CreateInstance(first.GetType().GetElementType()!, total);
        var at = 0;
        foreach (var command in commands)
        {
            var values = command.Values[index];
            Array.Copy(values, 0, joined, at, values.Length);
            at += values.Length;
        }
        return joined;
    }
}

/// <summary>The rows one commit gives a <see cref="RowStatement"/>: an array per column.</summary>
internal sealed class RowCommand
{
    internal RowCommand(RowStatement statement, Array[] values) => (Statement, Values) = (statement, values);

    /// <summary>The statement these rows are for.</summary>
    public RowStatement Statement { get; }

    /// <summary>An array per column, in the statement's order.</summary>
    public IReadOnlyList<Array> Values { get; }
}

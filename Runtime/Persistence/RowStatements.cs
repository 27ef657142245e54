using System.Collections.Concurrent;
using Npgsql;

namespace TicketBoss.Runtime;

/// <summary>
/// Statements that take only arrays, one element per row, so that the same statement from the commits of many
/// activations runs once in their shared transaction, with the arrays joined. Such a statement must mean the same
/// whichever rows share it: each row touches only its own grain's data, and the statement checks every row.
/// </summary>
public static class RowStatements
{
    private static readonly ConcurrentDictionary<string, bool> Known = new(StringComparer.Ordinal);

    /// <summary>A command for <paramref name="sql"/>, a row statement; give it one array parameter per column.</summary>
    public static NpgsqlBatchCommand Create(string sql)
    {
        Known.TryAdd(sql, true);
        return new NpgsqlBatchCommand(sql);
    }

    internal static bool IsRowStatement(NpgsqlBatchCommand command) => Known.ContainsKey(command.CommandText);

    /// <summary>One command with each parameter's arrays joined, in the order given.</summary>
    internal static NpgsqlBatchCommand Join(IReadOnlyList<NpgsqlBatchCommand> commands)
    {
        if (commands.Count == 1)
        {
            return commands[0];
        }
        var first = commands[0];
        var joined = new NpgsqlBatchCommand(first.CommandText);
        for (var i = 0; i < first.Parameters.Count; i++)
        {
            var columns = commands.Select(c => c.Parameters[i].Value as Array
                ?? throw new InvalidOperationException($"Parameter {i + 1} of a row statement is not an array: {first.CommandText}")).ToList();
            var values = Array.CreateInstance(columns[0].GetType().GetElementType()!, columns.Sum(c => c.Length));
            var at = 0;
            foreach (var column in columns)
            {
                Array.Copy(column, 0, values, at, column.Length);
                at += column.Length;
            }
            var parameter = first.Parameters[i].Clone();
            parameter.Value = values;
            joined.Parameters.Add(parameter);
        }
        return joined;
    }
}

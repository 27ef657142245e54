using Npgsql;
using NpgsqlTypes;
using TicketBoss.Runtime;

namespace TicketBoss.Tests.Runtime;

public class RowStatementsTests
{
    private const string Sql = "SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[]) /* RowStatementsTests */";

    [Fact]
    public void JoiningCommandsConcatenatesEachParametersRowsInOrderAndKeepsItsType()
    {
        var at = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var a = Command(["a1", "a2"], [1, 2], [at, at]);
        var b = Command(["b1"], [3], [null]);

        var joined = RowStatements.Join([a, b]);

        Assert.Equal(Sql, joined.CommandText);
        Assert.Equal(new[] { "a1", "a2", "b1" }, joined.Parameters[0].Value);
        Assert.Equal(new[] { 1, 2, 3 }, joined.Parameters[1].Value);
        Assert.Equal(new DateTime?[] { at, at, null }, joined.Parameters[2].Value);
        Assert.Equal(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, joined.Parameters[2].NpgsqlDbType);
        Assert.Equal(new[] { "a1", "a2" }, a.Parameters[0].Value);
    }

    [Fact]
    public void AStatementWithAParameterThatIsNotAnArrayCannotBeJoined()
    {
        var a = RowStatements.Create("SELECT $1 /* RowStatementsTests scalar */");
        a.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 1 });
        var b = RowStatements.Create("SELECT $1 /* RowStatementsTests scalar */");
        b.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 2 });

        Assert.Throws<InvalidOperationException>(() => RowStatements.Join([a, b]));
    }

    private static NpgsqlBatchCommand Command(string[] names, int[] numbers, DateTime?[] times)
    {
        var command = RowStatements.Create(Sql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = numbers });
        command.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        return command;
    }
}

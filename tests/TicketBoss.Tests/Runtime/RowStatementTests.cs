using NpgsqlTypes;
using TicketBoss.Runtime;

namespace TicketBoss.Tests.Runtime;

public class RowStatementTests
{
    private static readonly RowStatement Statement = new(
        "SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[]) /* RowStatementTests */",
        NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.TimestampTz);

    [Fact]
    public void BindingTheRowsOfSeveralCommitsConcatenatesEachColumnInOrderAndKeepsItsType()
    {
        var at = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var a = Statement.Rows(new[] { "a1", "a2" }, new[] { 1, 2 }, new DateTime?[] { at, at });
        var b = Statement.Rows(new[] { "b1" }, new[] { 3 }, new DateTime?[] { null });

        var bound = Statement.Bind([a, b]);

        Assert.Equal(Statement.Sql, bound.CommandText);
        Assert.Equal(new[] { "a1", "a2", "b1" }, bound.Parameters[0].Value);
        Assert.Equal(new[] { 1, 2, 3 }, bound.Parameters[1].Value);
        Assert.Equal(new DateTime?[] { at, at, null }, bound.Parameters[2].Value);
        Assert.Equal(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, bound.Parameters[2].NpgsqlDbType);
        Assert.Equal(new[] { "a1", "a2" }, a.Values[0]);
    }

    [Fact]
    public void RowsWithTheWrongNumberOfColumnsOrColumnsOfDifferentLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Statement.Rows(new[] { "a" }, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => Statement.Rows(new[] { "a", "b" }, new[] { 1 }, new DateTime?[] { null, null }));
    }
}

using NpgsqlTypes;
using TicketBoss.Grains.Storage;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// A row statement runs once per shared transaction with the rows of every commit in it: its columns are joined in
/// commit order and keep their types, and rows that cannot be joined are refused when they are made.
/// </summary>
public sealed class RowStatementTests
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
        Assert.Equal(NpgsqlDbType.Array | NpgsqlDbType.Text, bound.Parameters[0].NpgsqlDbType);
        Assert.Equal(NpgsqlDbType.Array | NpgsqlDbType.Integer, bound.Parameters[1].NpgsqlDbType);
        Assert.Equal(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, bound.Parameters[2].NpgsqlDbType);
        // The commits' own rows are left as they were: a commit retried alone binds them again.
        Assert.Equal(new[] { "a1", "a2" }, a.Values[0]);
        Assert.Equal(new[] { "b1" }, b.Values[0]);
    }

    [Fact]
    public void BindingTheRowsOfOneCommitUsesThemAsTheyAre()
    {
        var a = Statement.Rows(new[] { "a1" }, new[] { 1 }, new DateTime?[] { null });

        var bound = Statement.Bind([a]);

        Assert.Same(a.Values[1], bound.Parameters[1].Value);
    }

    [Fact]
    public void RowsWithTheWrongNumberOfColumnsOrColumnsOfDifferentLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Statement.Rows(new[] { "a" }, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => Statement.Rows(new[] { "a", "b" }, new[] { 1 }, new DateTime?[] { null, null }));
    }
}

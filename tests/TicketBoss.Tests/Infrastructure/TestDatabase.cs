using Npgsql;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL database for this test run: created on first use from the admin connection in
/// TICKETBOSS_TEST_PG (set by test.sh), dropped when the run ends.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<string> Database = new(Create);

    /// <summary>Connection string of this run's database.</summary>
    public static string ConnectionString => Database.Value;

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("TICKETBOSS_TEST_PG")
        ?? throw new InvalidOperationException("TICKETBOSS_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    /// <summary>A fresh, empty database of its own, for tests that must not share state (dropped at the end of the run).</summary>
    public static string CreateIsolated(string purpose)
    {
        var name = $"tb_test_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            create.ExecuteNonQuery();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    private static string Create() => CreateIsolated("run");

    private static void Drop(string name)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(AdminConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server may already be stopping; test.sh throws the whole cluster away anyway.
        }
    }
}

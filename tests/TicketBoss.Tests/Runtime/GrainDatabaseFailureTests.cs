using Npgsql;
using TicketBoss.Runtime;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Runtime;

/// <summary>
/// A grain method that queries PostgreSQL itself and fails there: its caller learns whether the call may be retried,
/// instead of an unexplained failure (which the gateway would have to answer with a 500).
/// </summary>
public sealed class GrainDatabaseFailureTests
{
    // A database of their own: these tests assume the probe lives on the one silo they start, and silos of tests
    // running in parallel on the shared database would join its cluster and could own the probe instead.
    private static readonly Lazy<string> Database = new(() => TestDatabase.CreateIsolated("dbfail"));

    [Fact]
    public async Task AConnectionLostMidCallTellsTheCallerTheOutcomeIsUnknown()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value);
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("db-terminated");

        // The server ends the session (FATAL 57P01, as at a PostgreSQL restart) while the statement runs.
        var error = await Assert.ThrowsAsync<CallOutcomeUnknownException>(() => probe.RunSqlAsync("SELECT pg_terminate_backend(pg_backend_pid())"));

        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public async Task AStatementRolledBackForAPassingReasonIsRetryable()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value);
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("db-serialization");

        var error = await Assert.ThrowsAsync<GrainUnavailableException>(
            () => probe.RunSqlAsync("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$"));

        Assert.Equal("40001", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task AStatementTheServerRejectsReachesTheCallerAsItIs()
    {
        await using var silo = await TestSilo.StartAsync(Database.Value);
        var probe = silo.Grains.GetGrain<ITurnProbeGrain>("db-bug");

        var error = await Assert.ThrowsAsync<PostgresException>(() => probe.RunSqlAsync("SELECT 1 / 0"));

        Assert.Equal("22012", error.SqlState);
    }
}

using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TicketBoss.Tests.Processes;

/// <summary>The shipped executables as a cluster of real processes: the direct client example, and SIGKILL of a silo under load.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ProcessClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillingASiloProcessUnderLoadLosesNoBookingOversellsNothingAndLetsEveryHoldExpire()
    {
        using var cluster = await ProcessCluster.StartAsync(silos: 3);

        // The failover runner SIGKILLs the busiest silo mid-load and checks every promise; exit code 0 is its PASS.
        using var runner = new ChildProcess("failover", RepoPaths.Dll(Path.Combine("bench", "Failover"), "TicketBoss.Failover"),
            new Dictionary<string, string?>(),
            "--url", cluster.GatewayUrl.ToString(), "--events", "30", "--workers", "16",
            "--seconds", "8", "--kill-after", "3", "--ttl", "3", "--detection", "6");
        var exitCode = await runner.WaitAsync(TimeSpan.FromMinutes(2));

        output.WriteLine(runner.Output);
        Assert.True(exitCode == 0, $"the failover run failed:\n{runner.Output}\n{cluster.Output}");
        Assert.Contains("VERDICT: PASS", runner.Output);
    }

    [Fact]
    public async Task TheDirectClientExampleCreatesHoldsAndBooksWithoutHttp()
    {
        using var cluster = await ProcessCluster.StartAsync(silos: 2);

        using var example = new ChildProcess("direct-client", RepoPaths.Dll(Path.Combine("examples", "DirectClient"), "TicketBoss.DirectClient"),
            new Dictionary<string, string?>(), cluster.Database);
        var exitCode = await example.WaitAsync(TimeSpan.FromMinutes(1));

        output.WriteLine(example.Output);
        Assert.True(exitCode == 0, $"the example failed:\n{example.Output}\n{cluster.Output}");
        Assert.Contains("booked bkg_", example.Output);
        Assert.Contains("snapshot: available 96, held 0, booked 4, version 2", example.Output);
        var bookings = await Db.ScalarAsync<long>(cluster.Database, "SELECT count(*) FROM bookings");
        Assert.Equal(1L, bookings);
    }
}

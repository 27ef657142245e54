using TicketBoss.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TicketBoss.Tests.Processes;

/// <summary>The chaos runner's short run: its own PostgreSQL and cluster, every fault kind under mixed load, then its history checker.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class ChaosRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AShortChaosRunWithEveryFaultKindLosesNothingAndOversellsNothing()
    {
        // The runner starts (and removes) a private PostgreSQL of its own: the shared test server is never restarted.
        using var runner = new ChildProcess("chaos", RepoPaths.Dll(Path.Combine("bench", "Chaos"), "TicketBoss.Chaos"),
            new Dictionary<string, string?>(), "--short", "--seed", "20261121");
        int exitCode;
        try
        {
            exitCode = await runner.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (OperationCanceledException)
        {
            // Ask it to stop the way Ctrl-C does, so that it still stops its processes and removes its data directory.
            using (var kill = System.Diagnostics.Process.Start("kill", ["-s", "INT", runner.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await Task.Delay(TimeSpan.FromSeconds(15));
            throw new TimeoutException($"the chaos run did not finish within 5 minutes:\n{runner.Output}");
        }

        output.WriteLine(runner.Output);
        Assert.True(exitCode == 0, $"the chaos run failed (exit code {exitCode}):\n{runner.Output}");
        Assert.Contains("VERDICT: PASS", runner.Output);
    }
}

using System.Net;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Processes;

/// <summary>
/// The topology of <c>./run.sh --silos N</c> as real OS processes: N silo executables on one PostgreSQL database and
/// the gateway executable, a silo of the same cluster, so a silo can really be killed with SIGKILL.
/// </summary>
internal sealed class ProcessCluster : IDisposable
{
    private readonly List<ChildProcess> _processes = [];

    private ProcessCluster(string database) => Database = database;

    public string Database { get; }

    public List<string> SiloAddresses { get; } = [];

    public Uri GatewayUrl { get; private set; } = null!;

    public static async Task<ProcessCluster> StartAsync(int silos)
    {
        var cluster = new ProcessCluster(TestDatabase.CreateIsolated("procs"));
        try
        {
            for (var i = 1; i <= silos; i++)
            {
                var siloPort = FreePorts.Take();
                cluster.SiloAddresses.Add($"127.0.0.1:{siloPort}");
                cluster._processes.Add(new ChildProcess($"silo-{i}", RepoPaths.Dll("Silo", "TicketBoss.Silo"), Settings(cluster.Database, siloPort)));
            }
            var gatewayPort = FreePorts.Take();
            cluster.GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
            cluster._processes.Add(new ChildProcess("gateway", RepoPaths.Dll("Api", "TicketBoss.Api"), Settings(cluster.Database, FreePorts.Take()),
                "--urls", cluster.GatewayUrl.ToString()));
            // The gateway is a silo of the cluster too.
            await cluster.WaitUntilReadyAsync(silos + 1);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Settings(string database, int siloPort) => new()
    {
        ["ConnectionStrings__Postgres"] = database,
        ["Silo__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Silo__GatewayPort"] = FreePorts.Take().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ticketing__MinHoldTtlSeconds"] = "1",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Everything the processes printed, for the test log.</summary>
    public string Output => string.Join("", _processes.Select(p => p.Output));

    private async Task WaitUntilReadyAsync(int silos)
    {
        using var http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited during start-up:\n{exited.Output}");
            }
            try
            {
                var cluster = await http.GetStringAsync("/cluster");
                if (cluster.Split("\"Active\"").Length - 1 == silos && (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The process cluster did not become ready:\n{Output}");
            }
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Processes;

/// <summary>
/// The topology of <c>./run.sh --silos N</c> as real OS processes: N silo executables on one PostgreSQL database and
/// the gateway executable as a cluster client, so a silo can really be killed with SIGKILL.
/// </summary>
internal sealed class ProcessCluster : IDisposable
{
    public const string Key = "process-cluster-key";

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
                var port = FreePort();
                cluster.SiloAddresses.Add($"127.0.0.1:{port}");
                cluster._processes.Add(new ChildProcess($"silo-{i}", RepoPaths.Dll("Silo", "TicketBoss.Silo"), new Dictionary<string, string?>
                {
                    ["ConnectionStrings__Postgres"] = cluster.Database,
                    ["Silo__SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Silo__ClusterKey"] = Key,
                    ["Ticketing__MinHoldTtlSeconds"] = "1",
                    ["Logging__LogLevel__Default"] = "Warning",
                }));
            }
            var gatewayPort = FreePort();
            cluster.GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}");
            cluster._processes.Add(new ChildProcess("gateway", RepoPaths.Dll("Api", "TicketBoss.Api"), new Dictionary<string, string?>
            {
                ["Cluster__Seeds"] = string.Join(',', cluster.SiloAddresses),
                ["Cluster__ClusterKey"] = Key,
                ["ConnectionStrings__Postgres"] = null,
                ["Logging__LogLevel__Default"] = "Warning",
            }, "--urls", cluster.GatewayUrl.ToString()));
            await cluster.WaitUntilReadyAsync(silos);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }
}

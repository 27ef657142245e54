using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TicketBoss.Chaos.Cluster;

/// <summary>
/// The topology of <c>./run.sh --silos N</c> as real processes on loopback, all owned by the run: a private PostgreSQL,
/// N silo executables and the gateway, a silo of the same cluster. Disposing stops every process and removes the data.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly RepoLayout _repo;
    private readonly List<SiloSlot> _silos = [];
    private ServiceProcess? _gateway;
    private bool _disposed;

    private ChaosCluster(RepoLayout repo, string workDirectory)
    {
        _repo = repo;
        WorkDirectory = workDirectory;
        Directory.CreateDirectory(LogDirectory);
    }

    public string WorkDirectory { get; }

    public string LogDirectory => Path.Combine(WorkDirectory, "logs");

    public PostgresServer Postgres { get; private set; } = null!;

    public IReadOnlyList<SiloSlot> Silos => _silos;

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Keep the process logs after the run (the run sets this when the verdict is FAIL).</summary>
    public bool KeepLogs { get; set; }

    public static async Task<ChaosCluster> StartAsync(ChaosOptions options, RepoLayout repo, CancellationToken cancel)
    {
        var work = Directory.CreateTempSubdirectory("ticketboss-chaos-").FullName;
        var cluster = new ChaosCluster(repo, work) { KeepLogs = options.KeepLogs };
        try
        {
            cluster.Postgres = await PostgresServer.StartAsync(repo, Path.Combine(work, "pgdata"), FreePort());
            for (var i = 1; i <= options.Silos; i++)
            {
                var slot = new SiloSlot($"silo-{i}", FreePort(), FreePort(), cluster.StartSilo);
                cluster._silos.Add(slot);
                slot.Start();
            }
            await cluster.WaitUntilWholeAsync(StartTimeout, cancel);
            cluster.GatewayUrl = new Uri($"http://127.0.0.1:{FreePort()}");
            cluster._gateway = new ServiceProcess(repo.GatewayDll, cluster.SiloEnvironment(FreePort(), FreePort()),
                Path.Combine(cluster.LogDirectory, "gateway.log"), "--urls", cluster.GatewayUrl.ToString());
            await cluster.WaitForGatewayAsync(cancel);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the process of every slot is an Active member of Orleans's membership table.</summary>
    public async Task WaitUntilWholeAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_silos.FirstOrDefault(s => s.Process.HasExited) is { } exited)
            {
                throw new ChaosSetupException($"{exited.Name} (pid {exited.Process.Pid}) exited; see {LogOf(exited)}");
            }
            if (await CountActiveAsync() == _silos.Count)
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ChaosSetupException($"the silos did not all become Active within {timeout.TotalSeconds} s; see {LogDirectory}");
            }
            await Task.Delay(200, cancel);
        }
    }

    public string LogOf(SiloSlot slot) => Path.Combine(LogDirectory, slot.Name + ".log");

    private ServiceProcess StartSilo(SiloSlot slot) => new(_repo.SiloDll, SiloEnvironment(slot.Port, slot.GatewayPort), LogOf(slot));

    private Dictionary<string, string?> SiloEnvironment(int siloPort, int gatewayPort) => new(LoggingEnvironment)
    {
        ["ConnectionStrings__Postgres"] = Postgres.ConnectionString,
        ["Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        // Holds of a few seconds, so that expiry happens many times during the run.
        ["Ticketing__MinHoldTtlSeconds"] = "1",
    };

    /// <summary>Warnings and the service's own information, with UTC timestamps to line up with the history.</summary>
    private Dictionary<string, string?> LoggingEnvironment => new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__TicketBoss"] = "Information",
        ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    private async Task<int> CountActiveAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(Postgres.ConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            // Status 3 is Orleans's SiloStatus.Active; a slot's restarted process is a new generation on the same port.
            await using var command = new NpgsqlCommand("SELECT count(DISTINCT port) FROM orleans_membership WHERE status = 3 AND port = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. _silos.Select(s => s.Port)] });
            return (int)(long)(await command.ExecuteScalarAsync())!;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
        {
            // The silos have not created the table yet, or PostgreSQL is restarting.
            return -1;
        }
    }

    private async Task WaitForGatewayAsync(CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (true)
        {
            if (_gateway!.HasExited)
            {
                throw new ChaosSetupException($"the gateway exited during start-up; see {Path.Combine(LogDirectory, "gateway.log")}");
            }
            try
            {
                var cluster = await http.GetStringAsync("/cluster", cancel);
                using var ready = await http.GetAsync("/health/ready", cancel);
                // The gateway is a member too.
                if (cluster.Split("\"Active\"").Length - 1 == _silos.Count + 1 && ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ChaosSetupException($"the gateway did not become ready; see {LogDirectory}");
            }
            await Task.Delay(250, cancel);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _gateway?.Dispose();
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }
        if (Postgres is not null)
        {
            await Postgres.StopAsync();
        }
        TryDelete(Path.Combine(WorkDirectory, "pgdata"));
        if (KeepLogs)
        {
            Console.WriteLine($"process logs kept in {LogDirectory}");
        }
        else
        {
            TryDelete(WorkDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {directory}: {e.Message}");
        }
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Runtime.Client;

/// <summary>
/// Calls grains of a running cluster from another .NET process, straight to the silo that owns each grain:
/// <c>await using var client = await ClusterClient.ConnectAsync(options); client.GetGrain&lt;IEventGrain&gt;("id")</c>.
/// It learns the membership from any silo and follows it, so it keeps working while silos come and go.
/// </summary>
public sealed partial class ClusterClient : IGrainFactory, IClusterMembership, IAsyncDisposable
{
    private readonly ClusterClientOptions _options;
    private readonly ClusterMembership _membership;
    private readonly SiloConnections _connections;
    private readonly GrainFactory _grains;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private Task _refreshing = Task.CompletedTask;

    public ClusterClient(ClusterClientOptions options, ILogger<ClusterClient>? logger = null)
    {
        if (options.Seeds.Count == 0)
        {
            throw new ArgumentException("A cluster client needs at least one seed silo (Cluster:Seeds).", nameof(options));
        }
        _options = options;
        _logger = logger ?? NullLogger<ClusterClient>.Instance;
        _membership = new ClusterMembership(options.SuspicionDuration);
        _connections = new SiloConnections(options.ClusterKey, TimeSpan.FromSeconds(2));
        _grains = new GrainFactory(new ClusterCallSender(_membership, _connections, null, options.CallTimeout, options.CallRetries, maxForwardHops: 2));
    }

    /// <summary>Creates a client and waits until it has learnt the cluster from one of the seeds.</summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterClientOptions options, ILogger<ClusterClient>? logger = null, CancellationToken cancellationToken = default)
    {
        var client = new ClusterClient(options, logger);
        await client.StartAsync(cancellationToken);
        return client;
    }

    /// <summary>The silos as last read from the cluster.</summary>
    public IReadOnlyList<SiloMember> Members => _membership.Members;

    /// <summary>True while at least one silo is Active.</summary>
    public bool IsConnected => _membership.View.Active.Any();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        _grains.GetGrain<TGrainInterface>(key);

    /// <summary>The metrics of every Active silo, read now; a silo that does not answer within <paramref name="timeout"/> is left out.</summary>
    public async Task<IReadOnlyList<SiloMetrics>> GetSiloMetricsAsync(TimeSpan timeout)
    {
        var reads = _membership.View.Active.Select(async silo =>
        {
            try
            {
                return new SiloMetrics(silo.Id, await _connections.GetMetricsAsync(silo, timeout));
            }
            catch (Exception e) when (e is GrainUnavailableException or TimeoutException or HttpRequestException or OperationCanceledException)
            {
                return null;
            }
        });
        return [.. (await Task.WhenAll(reads)).OfType<SiloMetrics>()];
    }

    /// <summary>Learns the membership (retrying every half second until <paramref name="cancellationToken"/>), then follows it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (!await TryRefreshAsync())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        LogConnected(_logger, _membership.View.Active.Count());
        _refreshing = FollowAsync(_closing.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _refreshing;
        _connections.Dispose();
        _closing.Dispose();
    }

    private async Task FollowAsync(CancellationToken closing)
    {
        using var timer = new PeriodicTimer(_options.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(closing))
            {
                if (!await TryRefreshAsync())
                {
                    LogNoSilo(_logger);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Ask the known Active silos first (in random order, to spread the load), then the seeds.
    private async Task<bool> TryRefreshAsync()
    {
        var known = _membership.View.Active.OrderBy(_ => Random.Shared.Next());
        var seeds = _options.Seeds.Select(address => new SiloMember($"seed {address}", address, SiloMember.ActiveStatus, 0, 0, default, default));
        foreach (var silo in known.Concat(seeds))
        {
            try
            {
                _membership.Update(await _connections.GetMembersAsync(silo, TimeSpan.FromSeconds(2)));
                _connections.PruneBroken();
                return true;
            }
            catch (Exception e) when (e is GrainUnavailableException or TimeoutException or CallOutcomeUnknownException)
            {
                LogSiloUnreachable(_logger, silo.Address, e.Message);
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster client connected; {ActiveSilos} silos active")]
    private static partial void LogConnected(ILogger logger, int activeSilos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo of the cluster answered a membership request")]
    private static partial void LogNoSilo(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo {Address} did not answer a membership request: {Reason}")]
    private static partial void LogSiloUnreachable(ILogger logger, string address, string reason);
}

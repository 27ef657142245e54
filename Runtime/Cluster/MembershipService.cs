using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Activation;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Transport;

namespace TicketBoss.Runtime.Cluster;

/// <summary>
/// This silo's side of membership: join the table, heartbeat (declaring silent silos dead on the way), follow the
/// view, move grains that now belong elsewhere, rejoin as a new incarnation if declared dead, and leave gracefully.
/// </summary>
internal sealed partial class MembershipService(
    MembershipTable table,
    ClusterMembership membership,
    ActivationCatalog catalog,
    SiloConnections connections,
    IOptions<SiloOptions> options,
    ILogger<MembershipService> logger)
{
    private readonly SiloOptions _options = options.Value;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private string _address = "";
    private bool _left;

    public async Task JoinAsync(string address, CancellationToken cancellationToken)
    {
        _address = address;
        var id = SiloIdentity.NewId();
        await table.JoinAsync(id, address, Environment.ProcessId, cancellationToken);
        membership.LocalSiloId = id;
        await RefreshAsync(cancellationToken);
        LogJoined(logger, id, address, membership.View.Active.Count());
        await NotifyOthersAsync();
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.MembershipRefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await RefreshAsync(stopping);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    LogRefreshFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Heartbeats and adopts the table's view; deactivates activations whose grains moved away.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (_left || membership.LocalSiloId is not { } self)
            {
                return;
            }
            var beat = await table.HeartbeatAsync(self, catalog.Count, _options.DeathTimeout, cancellationToken);
            foreach (var dead in beat.DeclaredDead)
            {
                LogDeclaredDead(logger, dead);
            }
            if (!beat.StillActive)
            {
                await RejoinAsync(self, cancellationToken);
                return;
            }
            membership.Update(beat.View);
            connections.PruneBroken();
            catalog.DeactivateMoved(OnMoved);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Leaves the table at once so the other silos take the grains over without waiting for the death timeout.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (membership.LocalSiloId is not { } self || _left)
            {
                return;
            }
            _left = true;
            await table.LeaveAsync(self, cancellationToken);
            membership.Update(membership.View.Without(self));
            LogLeft(logger, self);
        }
        finally
        {
            _refreshing.Release();
        }
        await NotifyOthersAsync();
    }

    /// <summary>Asks every other Active silo to reread the table now, so a join or leave takes effect in milliseconds.</summary>
    private async Task NotifyOthersAsync()
    {
        var others = membership.View.Active.Where(m => m.Id != membership.LocalSiloId).ToList();
        await Task.WhenAll(others.Select(async silo =>
        {
            try
            {
                await connections.RefreshAsync(silo, _options.MembershipRefreshInterval);
            }
            catch (Exception e)
            {
                LogNotifyFailed(logger, silo.Id, e.Message);
            }
        }));
    }

    // Another silo declared this one dead (it was paused, starved or cut off). Its activations are fenced out by the
    // database, so it drops them, and rejoins under a new id: the others treat it as a new silo.
    private async Task RejoinAsync(string oldId, CancellationToken cancellationToken)
    {
        var id = SiloIdentity.NewId();
        LogRejoining(logger, oldId, id);
        await table.JoinAsync(id, _address, Environment.ProcessId, cancellationToken);
        membership.LocalSiloId = id;
        membership.Update(await table.ReadAsync(cancellationToken));
        catalog.AbandonAll();
    }

    private void OnMoved(GrainActivation activation)
    {
        if (membership.OwnerOf(activation.GrainId) is { } owner && owner.Id != membership.LocalSiloId)
        {
            _ = InvalidateAsync(owner, activation);
        }
    }

    private async Task InvalidateAsync(SiloMember owner, GrainActivation activation)
    {
        try
        {
            await connections.InvalidateAsync(owner, activation.GrainId, activation.CommittedVersion, _options.MembershipRefreshInterval);
        }
        catch (Exception e)
        {
            LogNotifyFailed(logger, owner.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster at {Address}; {ActiveSilos} silos active")]
    private static partial void LogJoined(ILogger logger, string siloId, string address, int activeSilos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} left the cluster")]
    private static partial void LogLeft(ILogger logger, string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {SiloId} dead: no heartbeat within the death timeout")]
    private static partial void LogDeclaredDead(ILogger logger, string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo ({OldId}) was declared dead; it drops its activations and rejoins as {NewId}")]
    private static partial void LogRejoining(ILogger logger, string oldId, string newId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not reach silo {SiloId}: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string siloId, string reason);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Reminders;

namespace TicketBoss.Runtime.Activation;

/// <summary>The activations of this silo, created on first call and collected when idle or when their grain moves.</summary>
internal sealed class ActivationCatalog
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private readonly ClusterMembership _membership;
    private readonly ILogger<GrainActivation> _activationLogger;
    private readonly Lock _parkingLock = new();
    private volatile List<WorkItem>? _parked;
    private volatile bool _stopping;

    public ActivationCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        ClusterMembership membership,
        CommitExecutor committer,
        ReminderTable reminders,
        RuntimeMetrics metrics,
        IOptions<SiloOptions> options,
        ILoggerFactory loggerFactory)
    {
        _services = services;
        _registry = registry;
        _membership = membership;
        Committer = committer;
        Reminders = reminders;
        Metrics = metrics;
        CallTimeout = options.Value.CallTimeout;
        _activationLogger = loggerFactory.CreateLogger<GrainActivation>();
        LocalGrainFactory = new GrainFactory(new LocalSender(this));
    }

    /// <summary>Calls grains in this silo whatever the placement says: for tests of duplicate activations.</summary>
    public IGrainFactory LocalGrainFactory { get; }

    /// <summary>The factory grains use to call other grains; set by the host to the cluster-aware one.</summary>
    public IGrainFactory GrainFactory { get; set; } = null!;

    public CommitExecutor Committer { get; }

    public ReminderTable Reminders { get; }

    public RuntimeMetrics Metrics { get; }

    public TimeSpan CallTimeout { get; }

    public int Count => _activations.Count;

    /// <summary>The silo incarnation new activations commit as; a silo declared dead rejoins under a new one.</summary>
    public string SiloId => _membership.LocalSiloId ?? throw new InvalidOperationException("The silo has not joined the cluster.");

    /// <summary>
    /// Runs a call on this silo's activation of the grain, bounded by its deadline. A call still queued at its
    /// deadline is dropped and fails with a <see cref="TimeoutException"/> (it never ran, so it may be retried); a
    /// call already running fails as outcome unknown, since its change may still land.
    /// </summary>
    public async Task<T> InvokeAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var call = new GrainCall<T>(method.Invoker, arguments);
        Send(grainId, call);
        try
        {
            return await call.Result.WaitAsync(deadline.Remaining).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            if (call.TryAbandon())
            {
                throw new TimeoutException($"{grainId} did not start {method.WireName} before its deadline; it will not run.");
            }
            if (call.Result.IsCompleted)
            {
                // It finished just as the deadline passed: its answer stands.
                return await call.Result.ConfigureAwait(false);
            }
            throw new CallOutcomeUnknownException($"{grainId} did not finish {method.WireName} before its deadline; it may or may not take effect.");
        }
    }

    /// <summary>Delivers a request to the grain's activation, creating it if needed.</summary>
    public void Send(GrainId grainId, WorkItem item)
    {
        while (true)
        {
            if (_parked is not null && TryPark(item))
            {
                return;
            }
            if (_stopping)
            {
                item.Fail(new GrainUnavailableException("The silo is shutting down."));
                return;
            }
            var activation = _activations.GetOrAdd(grainId, static (id, catalog) => new GrainActivation(id, catalog, catalog._activationLogger), this);
            if (activation.TryEnqueue(item))
            {
                return;
            }
            // It is closing: drop it from the map (if still there) and go again with a fresh one.
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(grainId, activation));
        }
    }

    /// <summary>Hands a request queued behind a closed activation to a new one, or back to its caller if the grain moved.</summary>
    public void Redispatch(GrainId grainId, WorkItem item)
    {
        if (_parked is null && !_stopping && !_membership.IsLocal(grainId))
        {
            item.Fail(new GrainUnavailableException($"{grainId} moved to another silo."));
            return;
        }
        Send(grainId, item);
    }

    public Grain CreateGrain(string typeName) =>
        (Grain)ActivatorUtilities.CreateInstance(_services, _registry.ImplementationOf(typeName));

    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    public GrainActivation? Find(GrainId grainId) => _activations.GetValueOrDefault(grainId);

    /// <summary>Asks every activation idle for at least <paramref name="idleFor"/> to commit and leave.</summary>
    public int CollectIdle(TimeSpan idleFor)
    {
        var cutoff = Environment.TickCount64 - (long)idleFor.TotalMilliseconds;
        var asked = 0;
        foreach (var (_, activation) in _activations)
        {
            if (activation.LastUsedTicks <= cutoff && activation.TryEnqueue(new DeactivationRequest(onlyIfIdle: true)))
            {
                asked++;
            }
        }
        return asked;
    }

    /// <summary>Deactivates every activation whose grain now belongs to another silo; reports each once it has committed and left.</summary>
    public void DeactivateMoved(Action<GrainActivation> onLeft)
    {
        // Runs on every membership refresh: enumerate without copying, and allocate only for a grain that moved.
        foreach (var (grainId, activation) in _activations)
        {
            if (!_membership.IsLocal(grainId))
            {
                Deactivate(activation, onLeft);
            }
        }
    }

    private static void Deactivate(GrainActivation activation, Action<GrainActivation> onLeft)
    {
        var request = new DeactivationRequest(onlyIfIdle: false);
        if (activation.TryEnqueue(request))
        {
            _ = request.Done.ContinueWith(_ => onLeft(activation), TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Graceful stop, first half: new requests are parked (not run, not failed) while every activation commits and
    /// leaves, so that no other silo can load a grain before this one has written it.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        lock (_parkingLock)
        {
            _parked ??= [];
        }
        var stops = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            activation.TryEnqueue(new DeactivationRequest(onlyIfIdle: false));
            stops.Add(activation.Stopped);
        }
        await Task.WhenAll(stops).WaitAsync(cancellationToken);
    }

    /// <summary>Graceful stop, second half: refuses new requests and sends the parked ones back to be routed to their new owners.</summary>
    public void ReleaseParked()
    {
        List<WorkItem> parked;
        lock (_parkingLock)
        {
            _stopping = true;
            parked = _parked ?? [];
            _parked = null;
        }
        foreach (var item in parked)
        {
            item.Fail(new GrainUnavailableException("The silo left the cluster; the grain moved."));
        }
    }

    /// <summary>Deactivates every activation but keeps serving: the next call activates afresh from storage.</summary>
    public async Task DeactivateAllAsync()
    {
        var stops = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            var request = new DeactivationRequest(onlyIfIdle: false);
            if (activation.TryEnqueue(request))
            {
                stops.Add(request.Done);
            }
        }
        await Task.WhenAll(stops);
    }

    /// <summary>Simulated crash for tests: refuses everything and drops every activation without committing.</summary>
    public void Crash()
    {
        _stopping = true;
        AbandonAll();
    }

    /// <summary>Drops every activation without committing (their silo incarnation is fenced out); new calls get new ones.</summary>
    public void AbandonAll()
    {
        foreach (var activation in _activations.Values)
        {
            activation.Abandon();
        }
    }

    private bool TryPark(WorkItem item)
    {
        lock (_parkingLock)
        {
            if (_parked is null)
            {
                return false;
            }
            if (item is DeactivationRequest request)
            {
                request.MarkDone();
            }
            else
            {
                _parked.Add(item);
            }
            return true;
        }
    }

    /// <summary>Runs every call here, one attempt, ignoring placement.</summary>
    private sealed class LocalSender(ActivationCatalog catalog) : IGrainCallSender
    {
        public TimeSpan CallTimeout => catalog.CallTimeout;

        public Task<T> InvokeAsync<T>(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline) =>
            catalog.InvokeAsync<T>(grainId, method, arguments, deadline);
    }
}

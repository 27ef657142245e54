using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBoss.Runtime.Hosting;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Persistence;
using TicketBoss.Runtime.Reminders;

namespace TicketBoss.Runtime.Activation;

/// <summary>The activations of this silo, created on first call and collected when idle.</summary>
internal sealed class ActivationCatalog : IGrainCallSender
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Func<GrainId, GrainActivation> _newActivation;
    private volatile bool _stopping;

    public ActivationCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        CommitExecutor committer,
        ReminderTable reminders,
        RuntimeMetrics metrics,
        IOptions<SiloOptions> options,
        ILoggerFactory loggerFactory)
    {
        _services = services;
        _registry = registry;
        _loggerFactory = loggerFactory;
        Committer = committer;
        Reminders = reminders;
        Metrics = metrics;
        CallTimeout = options.Value.CallTimeout;
        GrainFactory = new GrainFactory(registry, this);
        var logger = loggerFactory.CreateLogger<GrainActivation>();
        _newActivation = id => new GrainActivation(id, this, logger);
    }

    public IGrainFactory GrainFactory { get; }

    public CommitExecutor Committer { get; }

    public ReminderTable Reminders { get; }

    public RuntimeMetrics Metrics { get; }

    public TimeSpan CallTimeout { get; }

    public int Count => _activations.Count;

    /// <summary>Delivers a call to the grain's activation, creating it if needed.</summary>
    public void Send(GrainId grainId, WorkItem item)
    {
        while (true)
        {
            if (_stopping)
            {
                item.Fail(new GrainUnavailableException("The silo is shutting down."));
                return;
            }
            var activation = _activations.GetOrAdd(grainId, _newActivation);
            if (activation.TryEnqueue(item))
            {
                return;
            }
            // It is closing: drop it from the map (if still there) and go again with a fresh one.
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(grainId, activation));
        }
    }

    public Grain CreateGrain(string typeName) =>
        (Grain)ActivatorUtilities.CreateInstance(_services, _registry.ImplementationOf(typeName));

    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    /// <summary>Asks every activation idle for at least <paramref name="idleFor"/> to commit and leave.</summary>
    public int CollectIdle(TimeSpan idleFor)
    {
        var cutoff = Environment.TickCount64 - (long)idleFor.TotalMilliseconds;
        var asked = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.LastUsedTicks <= cutoff && activation.TryEnqueue(new DeactivationRequest(onlyIfIdle: true)))
            {
                asked++;
            }
        }
        return asked;
    }

    /// <summary>Deactivates every activation (committing what they hold) and refuses new calls.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var stops = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            activation.TryEnqueue(new DeactivationRequest(onlyIfIdle: false));
            stops.Add(activation.Stopped);
        }
        await Task.WhenAll(stops).WaitAsync(cancellationToken);
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
}

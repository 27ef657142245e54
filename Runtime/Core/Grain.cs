namespace TicketBoss.Runtime;

/// <summary>Base class of every grain: identity, lifecycle hooks and access to the runtime.</summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal IGrainContext Context => _context ?? throw new InvalidOperationException("The grain is not attached to an activation.");

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>Factory for calling other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    public string GetPrimaryKeyString() => GrainId.Key;

    internal void Attach(IGrainContext context) => _context = context;

    /// <summary>Called before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called after the last commit of the activation and before it is dropped.</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Awaits <paramref name="signal"/> without holding the activation: the turn ends here and other calls run
    /// meanwhile, so code after the await must not touch state. The caller is answered when the signal completes.
    /// </summary>
    protected Task<T> WaitOutsideTurnAsync<T>(Task<T> signal)
    {
        Context.ReleaseTurn();
        return signal;
    }

    /// <summary>Asks the runtime to drop this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();
}

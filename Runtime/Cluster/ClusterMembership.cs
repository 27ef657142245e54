using System.Collections.Concurrent;

namespace TicketBoss.Runtime.Cluster;

/// <summary>
/// This process's current view of the cluster plus local suspicions: a silo that refused a connection is skipped
/// for placement until the table catches up, so calls fail over before the silo is declared dead. Suspicion is
/// safe because correctness rests on the fences, not on single activation.
/// </summary>
internal sealed class ClusterMembership : IClusterMembership
{
    private readonly ConcurrentDictionary<string, long> _suspectedUntil = new();
    private readonly TimeSpan _suspicionDuration;
    private readonly Func<string, bool> _isSuspected;
    private volatile ClusterView _view = ClusterView.Empty;

    public ClusterMembership(TimeSpan suspicionDuration)
    {
        _suspicionDuration = suspicionDuration;
        _isSuspected = IsSuspected;
    }

    public ClusterView View => _view;

    public IReadOnlyList<SiloMember> Members => _view.Members;

    /// <summary>The silo this process hosts (its current incarnation), or null in a client.</summary>
    public string? LocalSiloId { get; set; }

    public void Update(ClusterView view) => _view = view;

    public void Suspect(string siloId)
    {
        if (siloId != LocalSiloId)
        {
            _suspectedUntil[siloId] = Environment.TickCount64 + (long)_suspicionDuration.TotalMilliseconds;
        }
    }

    /// <summary>Where a call to the grain goes now.</summary>
    public SiloMember? OwnerOf(GrainId grainId) => _view.OwnerOf(grainId, _suspectedUntil.IsEmpty ? null : _isSuspected);

    /// <summary>True when the grain belongs to this process's silo.</summary>
    public bool IsLocal(GrainId grainId) => LocalSiloId is { } self && OwnerOf(grainId)?.Id == self;

    private bool IsSuspected(string siloId)
    {
        if (!_suspectedUntil.TryGetValue(siloId, out var until))
        {
            return false;
        }
        if (until > Environment.TickCount64)
        {
            return true;
        }
        _suspectedUntil.TryRemove(new KeyValuePair<string, long>(siloId, until));
        return false;
    }
}

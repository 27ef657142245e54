using System.Collections.Immutable;

namespace TicketBoss.Runtime.Cluster;

/// <summary>
/// This process's current view of the cluster plus local suspicions: a silo that refused a connection is skipped
/// for placement until the table catches up, so calls fail over before the silo is declared dead. Suspicion is
/// safe because correctness rests on the fences, not on single activation.
/// </summary>
internal sealed class ClusterMembership : IClusterMembership
{
    // Copy on write: suspicions are rare, and every call reads this (ConcurrentDictionary.IsEmpty takes all its locks).
    private ImmutableDictionary<string, long> _suspectedUntil = ImmutableDictionary<string, long>.Empty;
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
            var until = Environment.TickCount64 + (long)_suspicionDuration.TotalMilliseconds;
            ImmutableInterlocked.AddOrUpdate(ref _suspectedUntil, siloId, until, (_, _) => until);
        }
    }

    /// <summary>Where a call to the grain goes now.</summary>
    public SiloMember? OwnerOf(GrainId grainId) => _view.OwnerOf(grainId, Volatile.Read(ref _suspectedUntil).IsEmpty ? null : _isSuspected);

    /// <summary>True when the grain belongs to this process's silo.</summary>
    public bool IsLocal(GrainId grainId) => LocalSiloId is { } self && OwnerOf(grainId)?.Id == self;

    private bool IsSuspected(string siloId)
    {
        if (!Volatile.Read(ref _suspectedUntil).TryGetValue(siloId, out var until))
        {
            return false;
        }
        if (until > Environment.TickCount64)
        {
            return true;
        }
        ImmutableInterlocked.TryRemove(ref _suspectedUntil, siloId, out _);
        return false;
    }
}

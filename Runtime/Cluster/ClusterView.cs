namespace TicketBoss.Runtime.Cluster;

/// <summary>An immutable picture of the membership table, with rendezvous placement over its Active silos.</summary>
public sealed class ClusterView
{
    private readonly (SiloMember Member, ulong Hash)[] _active;

    public ClusterView(IReadOnlyList<SiloMember> members)
    {
        Members = members;
        _active = [.. members.Where(m => m.IsActive).OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m, RendezvousHash.Of(m.Id)))];
    }

    public static ClusterView Empty { get; } = new([]);

    /// <summary>Every silo in the table, dead ones included.</summary>
    public IReadOnlyList<SiloMember> Members { get; }

    public IEnumerable<SiloMember> Active => _active.Select(a => a.Member);

    /// <summary>The Active silo that owns the grain, skipping silos for which <paramref name="skip"/> is true.</summary>
    public SiloMember? OwnerOf(GrainId grainId, Func<string, bool>? skip = null)
    {
        var grainHash = RendezvousHash.Of(grainId);
        SiloMember? owner = null;
        var best = 0UL;
        foreach (var (member, hash) in _active)
        {
            var score = RendezvousHash.Score(hash, grainHash);
            if ((owner is null || score > best) && (skip is null || !skip(member.Id)))
            {
                owner = member;
                best = score;
            }
        }
        return owner;
    }

    /// <summary>True when both views have the same Active silos.</summary>
    public bool SameActiveSet(ClusterView other) =>
        _active.Length == other._active.Length && _active.Select(a => a.Member.Id).SequenceEqual(other._active.Select(a => a.Member.Id));

    /// <summary>This view without one silo: how a leaving silo sees the cluster it is handing its grains to.</summary>
    public ClusterView Without(string siloId) => new([.. Members.Where(m => m.Id != siloId)]);
}

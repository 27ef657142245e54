namespace TicketBoss.Runtime.Cluster;

/// <summary>
/// Highest-random-weight placement: every silo scores every grain and the highest score owns it, so removing a
/// silo moves only its own grains and adding one takes about 1/N of the grains from the others.
/// </summary>
internal static class RendezvousHash
{
    public static ulong Of(string text)
    {
        // FNV-1a: stable across processes and runs, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    public static ulong Of(GrainId grainId) => Mix(Of(grainId.Type) ^ Mix(Of(grainId.Key)));

    public static ulong Score(ulong siloHash, ulong grainHash) => Mix(siloHash ^ grainHash);

    // splitmix64 finalizer: spreads nearby inputs over the whole range.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

using System.Collections.Concurrent;

namespace TicketBoss.Runtime.Invocation;

/// <summary>
/// Keeps the grain references (proxies) handed out recently, so that a hot grain's reference is built once,
/// not on every request (building a proxy costs a reflection round trip). Bounded: past
/// <see cref="Capacity"/> entries it starts again from empty, as references are cheap to rebuild.
/// </summary>
internal sealed class GrainReferenceCache
{
    public const int Capacity = 10_000;

    private ConcurrentDictionary<(Type, string), object> _references = new();
    private int _count;

    public TGrainInterface GetOrAdd<TGrainInterface>(string key, Func<TGrainInterface> create)
    {
        var references = _references;
        if (references.TryGetValue((typeof(TGrainInterface), key), out var cached))
        {
            return (TGrainInterface)cached;
        }
        var created = create()!;
        if (references.TryAdd((typeof(TGrainInterface), key), created) && Interlocked.Increment(ref _count) > Capacity)
        {
            _references = new ConcurrentDictionary<(Type, string), object>();
            Interlocked.Exchange(ref _count, 0);
        }
        return created;
    }
}

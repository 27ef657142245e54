namespace TicketBoss.Grains.Domain;

/// <summary>
/// The holds of one event in the order they expire: a binary min-heap of hold slots and their expiry times, in one
/// array of plain values (see <see cref="LongLivedArrays"/>). Holds with the same expiry come out in any order.
/// </summary>
internal sealed class ExpiryQueue
{
    private Entry[] _heap = LongLivedArrays.Allocate<Entry>(4);

    public int Count { get; private set; }

    public void Enqueue(int slot, DateTimeOffset expiresAt)
    {
        if (Count == _heap.Length)
        {
            _heap = LongLivedArrays.Grow(_heap, Count * 2);
        }
        var entry = new Entry(expiresAt.UtcTicks, slot);
        var at = Count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (_heap[parent].Ticks <= entry.Ticks)
            {
                break;
            }
            _heap[at] = _heap[parent];
            at = parent;
        }
        _heap[at] = entry;
    }

    public bool TryPeek(out int slot, out DateTimeOffset expiresAt)
    {
        if (Count == 0)
        {
            (slot, expiresAt) = (-1, default);
            return false;
        }
        (slot, expiresAt) = (_heap[0].Slot, new DateTimeOffset(_heap[0].Ticks, TimeSpan.Zero));
        return true;
    }

    public void Dequeue()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The expiry queue is empty.");
        }
        var last = _heap[--Count];
        SiftDown(0, last);
    }

    /// <summary>
    /// After the hold table moved its slots (<paramref name="moved"/>: where each went, -1 when dropped): keeps the
    /// entries of the holds <paramref name="keep"/> accepts, under their new slots.
    /// </summary>
    public void Retain(int[] moved, Func<int, bool> keep)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var slot = moved[_heap[i].Slot];
            if (slot >= 0 && keep(slot))
            {
                _heap[kept++] = _heap[i] with { Slot = slot };
            }
        }
        Count = kept;
        // Dropping entries breaks the heap's order; sifting each parent down from the last restores it in linear time.
        for (var at = (Count / 2) - 1; at >= 0; at--)
        {
            SiftDown(at, _heap[at]);
        }
    }

    /// <summary>Puts <paramref name="entry"/> at <paramref name="at"/> or below, where the heap's order allows it.</summary>
    private void SiftDown(int at, Entry entry)
    {
        while (true)
        {
            var child = (2 * at) + 1;
            if (child >= Count)
            {
                break;
            }
            if (child + 1 < Count && _heap[child + 1].Ticks < _heap[child].Ticks)
            {
                child++;
            }
            if (entry.Ticks <= _heap[child].Ticks)
            {
                break;
            }
            _heap[at] = _heap[child];
            at = child;
        }
        _heap[at] = entry;
    }

    private readonly record struct Entry(long Ticks, int Slot);
}

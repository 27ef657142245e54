using System.Diagnostics.CodeAnalysis;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Activation;

/// <summary>
/// The calls waiting for one activation, linked through the calls themselves, in arrival order. It is a struct
/// kept inside its activation, so queueing a call writes only the activation's own fields: a channel wrote into
/// two more long-lived objects per call, and each long-lived object written per call lengthens every garbage
/// collection when thousands of events are busy (README, Benchmarks). Not thread-safe: its owner locks around it.
/// </summary>
internal struct WorkQueue
{
    private WorkItem? _head;
    private WorkItem? _tail;

    public readonly bool IsEmpty => _head is null;

    public void Enqueue(WorkItem item)
    {
        item.Next = null;
        if (_tail is null)
        {
            _head = item;
        }
        else
        {
            _tail.Next = item;
        }
        _tail = item;
    }

    public bool TryDequeue([NotNullWhen(true)] out WorkItem? item)
    {
        item = _head;
        if (item is null)
        {
            return false;
        }
        _head = item.Next;
        if (_head is null)
        {
            _tail = null;
        }
        item.Next = null;
        return true;
    }
}

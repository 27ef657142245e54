namespace TicketBoss.Grains.Domain;

/// <summary>
/// Arrays of plain values that live as long as their event, allocated where the garbage collector never copies them.
/// </summary>
/// <remarks>
/// An event's hold tables grow a few times over its life. A grown array made the ordinary way starts young while its
/// owner is old: each collection finds it through the owner's card and copies it, twice, on its way to the oldest
/// generation; with 10,000 events growing at once that was about 40% of the collections' pause (README,
/// Benchmarks). The pinned-object heap is collected with the oldest generation only and never compacted, so an array
/// made there costs no collection anything until it is dropped. Only arrays without references may live there.
/// </remarks>
internal static class LongLivedArrays
{
    /// <summary>A zeroed array of <paramref name="length"/> elements.</summary>
    public static T[] Allocate<T>(int length) where T : unmanaged => GC.AllocateArray<T>(length, pinned: true);

    /// <summary>A zeroed array of <paramref name="length"/> elements that starts with the elements of <paramref name="array"/>.</summary>
    public static T[] Grow<T>(T[] array, int length) where T : unmanaged
    {
        var grown = Allocate<T>(length);
        array.CopyTo(grown, 0);
        return grown;
    }
}

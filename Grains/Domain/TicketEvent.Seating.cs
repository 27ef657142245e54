namespace TicketBoss.Grains.Domain;

/// <summary>Best available: which free seats a quantity hold or reservation gets, and whether seats sit together.</summary>
internal sealed partial class TicketEvent
{
    private int[]? _longestRuns;

    /// <summary>
    /// The best free seats. On a seat map: the best run of <paramref name="quantity"/> adjacent free seats of the
    /// first row (in the map's order) that has one; when no row has room for the party, the first free seats in
    /// order. Numbered seats are general admission: the first free numbers.
    /// </summary>
    private int[] PickFree(int quantity)
    {
        // A single seat is a run of one, so only on a map that prefers the centre does it need the row search.
        if (Layout.Rows is not null && (quantity > 1 || Layout.PrefersCentre) && FindAdjacent(quantity) is { } first)
        {
            return [.. Enumerable.Range(first, quantity)];
        }
        // The hot path (numbered events, a few seats): amortised O(quantity), never a scan of the whole event.
        var picked = new int[quantity];
        var found = 0;
        for (var seat = _searchFrom; seat < _seats.Length && found < quantity; seat++)
        {
            if (_seats[seat] == SeatStatus.Available)
            {
                picked[found++] = seat;
            }
        }
        // Every seat before the first pick is taken, so later searches may start there.
        _searchFrom = found > 0 ? picked[0] : _seats.Length;
        return picked;
    }

    /// <summary>The best run of <paramref name="quantity"/> adjacent free seats (numbered seats: consecutive numbers), or null.</summary>
    private int[]? PickTogether(int quantity) =>
        FindAdjacent(quantity) is { } first ? [.. Enumerable.Range(first, quantity)] : null;

    /// <summary>
    /// The first seat of the best run of free seats that fits in one row, or null: the first row (in order of
    /// preference) with room, and within it the run nearest the row's centre, or its first run when the layout
    /// prefers the first seats.
    /// </summary>
    private int? FindAdjacent(int quantity)
    {
        if (Layout.Rows is not { } rows)
        {
            return FindInRow(WholeEvent(), quantity, out _) is var seat and >= 0 ? seat : null;
        }
        var longest = LongestRuns();
        for (var r = Layout.RowIndexOf(Math.Min(_searchFrom, Capacity - 1)); r < rows.Count; r++)
        {
            if (longest[r] < quantity)
            {
                continue;
            }
            var seat = FindInRow(rows[r], quantity, out var run);
            if (seat >= 0)
            {
                return seat;
            }
            longest[r] = run;
        }
        return null;
    }

    /// <summary>
    /// The best run of <paramref name="quantity"/> free seats in one row, or -1; when there is none,
    /// <paramref name="longest"/> is the row's longest run of free seats.
    /// </summary>
    private int FindInRow(SeatRow row, int quantity, out int longest)
    {
        // Distances are doubled so that half-seat centres stay whole numbers.
        var rowCentre = 2 * row.First + row.Count;
        var (best, bestDistance, run) = (-1, int.MaxValue, 0);
        longest = 0;
        for (var seat = Math.Max(row.First, _searchFrom); seat < row.End; seat++)
        {
            run = _seats[seat] == SeatStatus.Available ? run + 1 : 0;
            longest = Math.Max(longest, run);
            if (run < quantity)
            {
                continue;
            }
            var candidate = seat - quantity + 1;
            if (!Layout.PrefersCentre)
            {
                return candidate;
            }
            var offset = 2 * candidate + quantity - rowCentre;
            if (Math.Abs(offset) < bestDistance)
            {
                (best, bestDistance) = (candidate, Math.Abs(offset));
            }
            if (offset >= 0)
            {
                // Candidates only move right from here, away from the centre.
                break;
            }
        }
        return best;
    }

    /// <summary>The most adjacent free seats any one row has, and the first row that has them (null for numbered seats).</summary>
    private (int Seats, string? Row) LongestAdjacentRun()
    {
        if (Layout.Rows is not { } rows)
        {
            FindInRow(WholeEvent(), int.MaxValue, out var run);
            return (run, null);
        }
        var known = LongestRuns();
        var (longest, longestRow) = (0, (string?)null);
        for (var r = Layout.RowIndexOf(Math.Min(_searchFrom, Capacity - 1)); r < rows.Count; r++)
        {
            // What is known is a bound: only a row that might beat the longest so far is worth counting.
            if (known[r] <= longest)
            {
                continue;
            }
            FindInRow(rows[r], int.MaxValue, out known[r]);
            if (known[r] > longest)
            {
                (longest, longestRow) = (known[r], rows[r].Name);
            }
        }
        return (longest, longestRow);
    }

    /// <summary>
    /// Per row of a seat map, a bound its longest run of free seats does not exceed (int.MaxValue: unknown), so that searches skip
    /// rows that cannot fit the party. Taking seats only shortens runs; returning seats makes the row unknown again.
    /// </summary>
    private int[] LongestRuns()
    {
        if (_longestRuns is null)
        {
            _longestRuns = new int[Layout.Rows!.Count];
            Array.Fill(_longestRuns, int.MaxValue);
        }
        return _longestRuns;
    }

    private SeatRow WholeEvent() => new(null, "", 0, Capacity);

    /// <summary>Whether seats sit side by side in one row: consecutive in the layout and not across a row's end.</summary>
    private bool AreAdjacent(ReadOnlySpan<int> seats)
    {
        if (seats.IsEmpty)
        {
            return false;
        }
        int low = seats[0], high = seats[0];
        foreach (var seat in seats)
        {
            low = Math.Min(low, seat);
            high = Math.Max(high, seat);
        }
        // A hold never names a seat twice, so a span as wide as the count is a run without gaps.
        return high - low + 1 == seats.Length && (Layout.RowOf(low) is not { } row || high < row.End);
    }
}

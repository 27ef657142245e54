using System.Globalization;

namespace TicketBoss.Grains.Domain;

/// <summary>
/// Seat labels and rows: numbered <c>1..capacity</c> with no rows (general admission) when the event has
/// no seat map, else the map's labels in order of preference, cut into its rows.
/// </summary>
internal sealed class SeatLayout
{
    private readonly string[]? _labels;
    private readonly Dictionary<string, int>? _index;
    private readonly SeatRow[]? _rows;

    private SeatLayout(int capacity, string[]? labels, SeatRow[]? rows, bool prefersCentre = false)
    {
        Capacity = capacity;
        _labels = labels;
        _rows = rows;
        PrefersCentre = prefersCentre;
        _index = labels?.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
    }

    public int Capacity { get; }

    /// <summary>The map's labels, or null for numbered seats.</summary>
    public IReadOnlyList<string>? Labels => _labels;

    /// <summary>The map's rows in order of preference, or null for numbered seats.</summary>
    public IReadOnlyList<SeatRow>? Rows => _rows;

    /// <summary>
    /// True when the best seats of a row are at its centre (a map's default), false when they are its first ones
    /// (numbered seats, which fill from seat 1, and maps that state <c>"first"</c>).
    /// </summary>
    public bool PrefersCentre { get; }

    public static SeatLayout Numbered(int capacity) => new(capacity, null, null);

    /// <summary>A seat map; without stored rows (events created before rows were kept), rows are runs of labels sharing a prefix.</summary>
    public static SeatLayout Mapped(string[] labels, SeatRow[]? rows = null, bool prefersCentre = true) =>
        new(labels.Length, labels, rows ?? RowsByPrefix(labels), prefersCentre);

    /// <summary>The layout a validated seat map describes.</summary>
    public static SeatLayout FromMap(SeatMapDefinition map)
    {
        var labels = new List<string>();
        var rows = new List<SeatRow>();
        foreach (var (section, row) in EventRules.RowsOf(map))
        {
            var rowLabels = EventRules.LabelsOf(row);
            rows.Add(new SeatRow(section, row.Row, labels.Count, rowLabels.Count));
            labels.AddRange(rowLabels);
        }
        return new SeatLayout(labels.Count, [.. labels], [.. rows], map.Preference != SeatPreferences.First);
    }

    public string LabelOf(int seat) => _labels?[seat] ?? (seat + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The row holding a seat, or null for numbered seats.</summary>
    public SeatRow? RowOf(int seat) => _rows?[RowIndexOf(seat)];

    /// <summary>The position in <see cref="Rows"/> of the row holding a seat (0 for numbered seats).</summary>
    public int RowIndexOf(int seat)
    {
        if (_rows is null)
        {
            return 0;
        }
        int low = 0, high = _rows.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_rows[mid].First <= seat) { low = mid; } else { high = mid - 1; }
        }
        return low;
    }

    public bool TryFind(string label, out int seat)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(label, out seat);
        }
        // Numbered seats: only the canonical spelling ("7", not "007" or "+7") names a seat.
        seat = -1;
        if (label.Length is 0 or > 7 || label[0] == '0' || !label.All(char.IsAsciiDigit))
        {
            return false;
        }
        var number = int.Parse(label, CultureInfo.InvariantCulture);
        if (number > Capacity)
        {
            return false;
        }
        seat = number - 1;
        return true;
    }

    public string[] LabelsOf(ReadOnlySpan<int> seats)
    {
        var labels = new string[seats.Length];
        for (var i = 0; i < seats.Length; i++)
        {
            labels[i] = LabelOf(seats[i]);
        }
        return labels;
    }

    private static SeatRow[] RowsByPrefix(string[] labels)
    {
        var rows = new List<SeatRow>();
        for (var first = 0; first < labels.Length;)
        {
            var prefix = labels[first].TrimEnd("0123456789".ToCharArray());
            var end = first + 1;
            while (end < labels.Length && labels[end].TrimEnd("0123456789".ToCharArray()) == prefix)
            {
                end++;
            }
            rows.Add(new SeatRow(null, prefix.Length > 0 ? prefix : labels[first], first, end - first));
            first = end;
        }
        return [.. rows];
    }
}

namespace TicketBoss.Grains.Domain;

/// <summary>Seat labels: numbered <c>1..capacity</c> when the event has no seat map, else the map's labels in order.</summary>
internal sealed class SeatLayout
{
    private readonly string[]? _labels;
    private readonly Dictionary<string, int>? _index;

    private SeatLayout(int capacity, string[]? labels)
    {
        Capacity = capacity;
        _labels = labels;
        _index = labels?.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
    }

    public int Capacity { get; }

    /// <summary>The map's labels, or null for numbered seats.</summary>
    public IReadOnlyList<string>? Labels => _labels;

    public static SeatLayout Numbered(int capacity) => new(capacity, null);

    public static SeatLayout Mapped(string[] labels) => new(labels.Length, labels);

    public string LabelOf(int seat) => _labels?[seat] ?? (seat + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

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
        var number = int.Parse(label, System.Globalization.CultureInfo.InvariantCulture);
        if (number > Capacity)
        {
            return false;
        }
        seat = number - 1;
        return true;
    }

    public string[] LabelsOf(int[] seats) => Array.ConvertAll(seats, LabelOf);
}

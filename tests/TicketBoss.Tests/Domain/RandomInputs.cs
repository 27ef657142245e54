using TicketBoss.Grains;

namespace TicketBoss.Tests.Domain;

/// <summary>Seeded random events and requests for the random-operation test, valid and invalid alike.</summary>
internal sealed class RandomInputs(int seed)
{
    private readonly Random _rng = new(seed);

    public int Next(int maxExclusive) => _rng.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => _rng.Next(min, maxExclusive);

    /// <summary>True with the given probability.</summary>
    public bool Chance(double p) => _rng.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    /// <summary>Capacity 1..60; half numbered, half a seat map of counted and labelled rows.</summary>
    public EventDefinition Event()
    {
        var capacity = Next(1, 61);
        if (Chance(0.5))
        {
            return new EventDefinition("Show", capacity);
        }
        var rows = new List<SeatRowDefinition>();
        for (var left = capacity; left > 0;)
        {
            var size = Math.Min(left, Next(1, 13));
            // Row names are letters only and generated labels add digits or "-" and letters, so all are unique.
            var name = RowName(rows.Count);
            rows.Add(Next(3) switch
            {
                0 => new SeatRowDefinition(name, size),
                1 => new SeatRowDefinition(name, 0, Enumerable.Range(0, size).Select(i => $"{name}-{(char)('a' + i)}").ToArray()),
                _ => new SeatRowDefinition(name, size, Enumerable.Range(0, size).Select(i => $"{name}-{(char)('a' + i)}").ToArray()),
            });
            left -= size;
        }
        // Half the maps put their rows in two sections; a third state their preference, either way.
        var preference = Next(3) switch { 0 => SeatPreferences.First, 1 => SeatPreferences.Centre, _ => null };
        var map = Chance(0.5) || rows.Count < 2
            ? new SeatMapDefinition(rows, Preference: preference)
            : new SeatMapDefinition(Sections: [new("Stalls", rows[..(rows.Count / 2)]), new("Balcony", rows[(rows.Count / 2)..])], Preference: preference);
        return new EventDefinition("Show", Chance(0.5) ? null : capacity, SeatMap: map);
    }

    /// <summary>A real seat mostly; otherwise a label that names no seat of this event.</summary>
    public string Label(EventModel model, bool numbered)
    {
        if (!Chance(0.12))
        {
            return Pick(model.Labels);
        }
        string[] unknown = numbered
            ? ["0", "007", "+1", "-1", "1.0", " 1", "x", "", (model.Labels.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["ZZZ1", "A0", "a1", "A 1", "", "1", "A-z"];
        // "A0", "a1" and "A-z" are never generated (seats count from 1, rows are upper case, rows hold at most 12).
        return Pick(unknown);
    }

    /// <summary>1..5 labels, some unknown and some repeated; rarely none or too many.</summary>
    public string[] Labels(EventModel model, bool numbered)
    {
        var count = Chance(0.02) ? 0 : Chance(0.02) ? TestEvents.Options.MaxHoldQuantity + 1 : Next(1, 6);
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i > 0 && Chance(0.06) ? labels[Next(i)] : Label(model, numbered);
        }
        return labels;
    }

    public HoldRequest Hold(EventModel model, bool numbered)
    {
        int? ttl = Next(20) switch
        {
            0 => null,
            1 => Pick(new[] { 0, 9, 901, -5, 10, 900 }),
            2 => Next(10, 901),
            _ => Next(10, 150),
        };
        var partial = Chance(0.5);
        // Mostly on quantity holds, where it means something; sometimes on named seats, where it is refused.
        var together = Chance(0.3);
        return Next(40) switch
        {
            0 => new HoldRequest(null, null, ttl, partial, Together: together),
            1 => new HoldRequest(2, [Pick(model.Labels)], ttl, partial, Together: together),
            _ when Chance(0.5) => new HoldRequest(Quantity(model.Labels.Length), null, ttl, partial, Together: together),
            _ => new HoldRequest(null, Labels(model, numbered), ttl, partial, Together: together && Chance(0.2)),
        };
    }

    public int Quantity(int capacity) => Next(30) switch
    {
        0 => 0,
        1 => TestEvents.Options.MaxHoldQuantity + 1,
        2 => Next(1, capacity + 6),
        _ => Next(1, 9),
    };

    public string PartyId() => Next(25) switch
    {
        0 => "",
        1 => "  ",
        2 => new string('p', 65),
        3 => "bad\nid",
        _ => Pick(new[] { "partner-1", "partner-2", "u" }),
    };

    public string WrongToken(string token) => Next(3) switch
    {
        0 => "",
        1 => token[..^1],
        _ => new string('A', token.Length),
    };

    private static string RowName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }
        return name;
    }
}

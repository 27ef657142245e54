namespace TicketBoss.Grains.Domain;

/// <summary>Validation of the values that define an event and of names carried in requests.</summary>
internal static class EventRules
{
    public const int MaxNameLength = 200;
    public const int MaxLabelLength = 16;
    public const int MaxPartyIdLength = 64;

    public static TicketError? Validate(EventDefinition definition, TicketingOptions options, DateTimeOffset now)
    {
        if (definition.StartsAt is { } start && (start < EventStarts.Earliest || start > EventStarts.Latest(now)))
        {
            return Invalid($"starts_at must be between {EventStarts.Earliest:yyyy-MM-dd} and {EventStarts.Latest(now):yyyy-MM-dd} ({EventStarts.MaxYearsAhead} years from now).");
        }
        if (!IsCleanText(definition.Name, MaxNameLength))
        {
            return Invalid($"name must be 1 to {MaxNameLength} characters, without control or invisible formatting characters (such as bidirectional overrides).");
        }
        if (definition.Venue is not null && !IsCleanText(definition.Venue, MaxNameLength))
        {
            return Invalid($"venue must be 1 to {MaxNameLength} characters, without control or invisible formatting characters (such as bidirectional overrides).");
        }
        if (definition.SeatMap is null)
        {
            return definition.Capacity is { } capacity && capacity >= 1 && capacity <= options.MaxCapacity
                ? null
                : Invalid($"total_seats must be between 1 and {options.MaxCapacity:N0}.");
        }
        return ValidateSeatMap(definition.SeatMap, definition.Capacity, options);
    }

    /// <summary>The seat map's rows in order of preference, each with its section (null when the map has none).</summary>
    public static IEnumerable<(string? Section, SeatRowDefinition Row)> RowsOf(SeatMapDefinition map) =>
        map.Sections is { } sections
            ? sections.SelectMany(section => section.Rows.Select(row => ((string?)section.Name, row)))
            : (map.Rows ?? []).Select(row => ((string?)null, row));

    /// <summary>A row's labels in order: its explicit labels, or <c>{Row}1..{Row}{Seats}</c>.</summary>
    public static IReadOnlyList<string> LabelsOf(SeatRowDefinition row) =>
        row.Labels ?? Enumerable.Range(1, row.Seats).Select(n => $"{row.Row}{n}").ToArray();

    /// <summary>Ids of partners and users: 1 to 64 printable characters.</summary>
    public static bool IsValidPartyId(string? id) => IsCleanText(id, MaxPartyIdLength);

    public static TicketError Invalid(string message) => new(ErrorCodes.InvalidRequest, message);

    /// <summary>Echoes caller input in messages without letting it grow them unboundedly.</summary>
    public static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 40 ? text : text[..40] + "…";

    private static TicketError? ValidateSeatMap(SeatMapDefinition map, int? capacity, TicketingOptions options)
    {
        if (ValidateSections(map) is { } sectionError)
        {
            return sectionError;
        }
        if (map.Preference is not (null or SeatPreferences.Centre or SeatPreferences.First))
        {
            return Invalid($"seat_map preference must be \"{SeatPreferences.Centre}\" (the default) or \"{SeatPreferences.First}\", not \"{Shorten(map.Preference)}\".");
        }
        long total = 0;
        foreach (var (_, row) in RowsOf(map))
        {
            if (row is null || !IsCleanText(row.Row, MaxLabelLength))
            {
                return Invalid($"each seat_map row needs a label of 1 to {MaxLabelLength} characters.");
            }
            var count = row.Labels?.Count ?? row.Seats;
            if (row.Labels is not null && row.Seats != 0 && row.Seats != row.Labels.Count)
            {
                return Invalid($"row {row.Row} gives seats {row.Seats} but {row.Labels.Count} labels: give {row.Labels.Count}, or leave seats out.");
            }
            if (count < 1)
            {
                return Invalid($"row {row.Row} must have at least one seat, given as a count (seats) or as labels.");
            }
            total += count;
            if (total > options.MaxCapacity)
            {
                return Invalid($"a seat map may hold at most {options.MaxCapacity:N0} seats.");
            }
        }
        var labels = RowsOf(map).SelectMany(r => LabelsOf(r.Row)).ToArray();
        if (labels.Any(label => !IsCleanText(label, MaxLabelLength) || label.Any(char.IsWhiteSpace)))
        {
            return Invalid($"seat labels must be 1 to {MaxLabelLength} characters without spaces.");
        }
        if (FirstDuplicate(labels) is { } twice)
        {
            return Invalid($"seat labels must be unique: {Shorten(twice)} appears twice.");
        }
        if (capacity is not null && capacity != labels.Length)
        {
            return Invalid($"total_seats ({capacity}) does not match the seat map ({labels.Length} seats): give {labels.Length}, or leave total_seats out.");
        }
        return null;
    }

    private static TicketError? ValidateSections(SeatMapDefinition map)
    {
        if (map.Sections is null)
        {
            return map.Rows is { Count: > 0 } ? null : Invalid("seat_map needs rows ({\"rows\":[{\"row\":\"A\",\"seats\":10}]}), or sections of rows.");
        }
        if (map.Rows is not null)
        {
            return Invalid("seat_map takes rows or sections, not both.");
        }
        if (map.Sections.Count == 0 || map.Sections.Any(s => s is null || !IsCleanText(s.Name, MaxNameLength) || s.Rows is not { Count: > 0 }))
        {
            return Invalid($"each seat_map section needs a name of 1 to {MaxNameLength} characters and at least one row.");
        }
        return FirstDuplicate(map.Sections.Select(s => s.Name)) is { } twice
            ? Invalid($"section names must be unique: {Shorten(twice)} appears twice.")
            : null;
    }

    private static string? FirstDuplicate(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return names.FirstOrDefault(name => !seen.Add(name));
    }

    /// <summary>
    /// Text that renders as what it says: not blank, at most <paramref name="maxLength"/> characters, no control
    /// characters and no invisible format characters (Unicode category Cf: bidirectional overrides and isolates
    /// U+202A-U+202E and U+2066-U+2069, which can make a name display as another; zero-width spaces and joiners;
    /// soft hyphens). Emoji sequences keep their joiner (U+200D) and variation selectors (category Mn), which draw one picture.
    /// </summary>
    private static bool IsCleanText(string? text, int maxLength) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength && !HasLoneSurrogate(text) && !HasHiddenCharacter(text);

    private static bool HasHiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return true;
            }
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && !(c == '\u200D' && IsBetweenEmoji(text, i)))
            {
                return true;
            }
            if (char.GetUnicodeCategory(text, i) == System.Globalization.UnicodeCategory.Format && char.IsHighSurrogate(c))
            {
                // Format characters beyond the BMP (tag characters, interlinear annotation) are invisible too.
                return true;
            }
        }
        return false;
    }

    // A zero-width joiner glues emoji into one picture (a family, a flag); between letters it only hides.
    private static bool IsBetweenEmoji(string text, int index) =>
        index > 0 && index + 1 < text.Length && (char.IsSurrogate(text[index - 1]) || text[index - 1] == '\uFE0F') && char.IsSurrogate(text[index + 1]);

    // Surrogates are fine in pairs (emoji in names); a lone surrogate is not text.
    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}

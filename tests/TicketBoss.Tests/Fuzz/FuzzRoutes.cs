namespace TicketBoss.Tests.Fuzz;

/// <summary>The kind of value a body slot holds, which decides what is surely invalid for it.</summary>
internal enum SlotKind
{
    Text,
    Int,
    Bool,
    Date,
    Seats,
    SeatMap,
}

/// <summary>
/// A value in a valid body that the fuzzer replaces. <paramref name="Valid"/> is JSON text and may hold further
/// <c>§name§</c> slots (a seat map's rows). <paramref name="Extra"/> are values invalid for this field in particular.
/// </summary>
internal sealed record Slot(string Name, SlotKind Kind, string Valid, bool Required, params string[] Extra);

/// <summary>A valid body shape of a route (from API.md): its top-level members, in order, with slots in their values.</summary>
internal sealed record BodyShape(string Name, (string Key, string Value)[] Members, Slot[] Slots)
{
    public Slot Slot(string name) => Slots.Single(s => s.Name == name);

    /// <summary>The top-level member whose whole value is this slot, if any (it may be dropped or duplicated).</summary>
    public string? MemberOf(Slot slot) => Members.Where(m => m.Value == $"§{slot.Name}§").Select(m => m.Key).FirstOrDefault();
}

/// <summary>A route of the gateway as the fuzzer calls it: method, path with target ids, and what it reads.</summary>
internal sealed record FuzzRoute(string Method, string Path, string Pattern, BodyShape[] Shapes, string? IdToken = null, bool UsesIfMatch = false)
{
    public bool Changes => Method != "GET";

    public bool HasBody => Shapes.Length > 0;

    public bool IsPartner => Pattern.Contains("/reservations", StringComparison.Ordinal);

    /// <summary>Routes ahead of the API (the page, docs, OpenAPI document) answer HTML or redirects; they are reads only.</summary>
    public bool IsApi => !Pattern.StartsWith("/docs", StringComparison.Ordinal) && !Pattern.StartsWith("/openapi", StringComparison.Ordinal) && Pattern != "/";

    public string Name => $"{Method} {Path}";

    public override string ToString() => Name;
}

/// <summary>Every route of the gateway (Api/Endpoints/*.cs), at the root and under /api/v1, with valid body shapes.</summary>
internal static class FuzzRoutes
{
    private static readonly Slot EventId = new("event_id", SlotKind.Text, "\"{E}\"", true, "\"evt_nosuchevent0\"", "\"../../etc/passwd\"", "\"{H}\"");
    private static readonly Slot TtlSeconds = new("ttl_seconds", SlotKind.Int, "60", false, "901", "86400");

    public static readonly BodyShape[] CreateEvent =
    [
        new("numbered", [("name", "§name§"), ("total_seats", "§total_seats§"), ("venue", "§venue§"), ("starts_at", "§starts_at§")],
        [
            new("name", SlotKind.Text, "\"Fuzz gig\"", true, $"\"{new string('n', 201)}\""),
            new("total_seats", SlotKind.Int, "5", true, "1000001", "2000000000"),
            new("venue", SlotKind.Text, "\"Main hall\"", false, $"\"{new string('v', 201)}\""),
            new("starts_at", SlotKind.Date, "\"2030-05-01T20:00:00Z\"", false),
        ]),
        new("seat map of rows", [("name", "§name§"), ("seat_map", "§seat_map§")],
        [
            new("name", SlotKind.Text, "\"Fuzz map\"", true),
            new("seat_map", SlotKind.SeatMap, """{"rows":[{"row":§row§,"seats":§row_seats§},{"row":"B","labels":[§label§,"B2"]}]}""", true),
            new("row", SlotKind.Text, "\"A\"", true, "\"ABCDEFGHIJKLMNOPQ\"", "\"B\""),
            new("row_seats", SlotKind.Int, "3", true, "1000001", "0"),
            new("label", SlotKind.Text, "\"B1\"", true, "\"B2\"", "\"B 1\"", $"\"{new string('L', 17)}\""),
        ]),
        new("seat map of sections", [("name", "§name§"), ("seat_map", "§seat_map§")],
        [
            new("name", SlotKind.Text, "\"Fuzz opera\"", true),
            new("seat_map", SlotKind.SeatMap, """{"sections":[{"name":§section§,"rows":[{"row":"A","seats":2}]},{"name":"Balcony","rows":[{"row":"C","labels":["C1","C2"]}]}]}""", true),
            new("section", SlotKind.Text, "\"Stalls\"", true, "\"Balcony\"", $"\"{new string('s', 201)}\""),
        ]),
    ];

    public static readonly BodyShape[] UpdateEvent =
    [
        new("changes", [("name", "§name§"), ("venue", "§venue§"), ("total_seats", "§total_seats§"), ("starts_at", "§starts_at§")],
        [
            new("name", SlotKind.Text, "\"Fuzz renamed\"", false, $"\"{new string('n', 201)}\""),
            new("venue", SlotKind.Text, "\"Hall B\"", false),
            // Seats 1-2 are held and 9-10 booked: 1 is below them (409).
            new("total_seats", SlotKind.Int, "12", false, "1", "8", "1000001"),
            new("starts_at", SlotKind.Date, "\"2031-01-01T20:00:00Z\"", false),
        ]),
    ];

    public static readonly BodyShape[] Hold =
    [
        new("quantity", [("event_id", "§event_id§"), ("qty", "§qty§"), ("ttl_seconds", "§ttl_seconds§"), ("allow_partial", "§allow_partial§")],
        [
            EventId,
            // 6 seats are free: 7 is more than that (409); 101 is over the maximum.
            new("qty", SlotKind.Int, "2", true, "7", "101"),
            TtlSeconds,
            new("allow_partial", SlotKind.Bool, "false", false),
        ]),
        new("named seats", [("event_id", "§event_id§"), ("seats", "§seats§"), ("ttl_seconds", "§ttl_seconds§")],
            [EventId, new("seats", SlotKind.Seats, "[\"5\",6]", true), TtlSeconds]),
    ];

    public static readonly BodyShape[] Book =
    [
        new("hold and token", [("hold_id", "§hold_id§"), ("payment_token", "§payment_token§")],
        [
            new("hold_id", SlotKind.Text, "\"{H}\"", true, "\"hld_unknown00000.{E}\"", "\"hld_x.evt_nosuchevent0\"", "\"{B}\"", "\"{H}.{E}\""),
            new("payment_token", SlotKind.Text, "\"{T}\"", true, "\"x{T}\"", "\"{T}x\"", $"\"{new string('t', 257)}\"", "\"{E}\""),
        ]),
    ];

    public static readonly BodyShape[] DirectBooking =
    [
        new("named seats", [("event_id", "§event_id§"), ("seats", "§seats§")], [EventId, new("seats", SlotKind.Seats, "[\"7\",8]", true)]),
    ];

    public static readonly BodyShape[] Reservation =
    [
        new("partner", [("partnerId", "§partnerId§"), ("seats", "§seats§")],
        [
            new("partnerId", SlotKind.Text, "\"acme\"", true, $"\"{new string('p', 65)}\""),
            new("seats", SlotKind.Int, "2", true, "11", "501"),
        ]),
    ];

    public static readonly BodyShape[] ReserveSeat =
    [
        new("seat and user", [("seat_id", "§seat_id§"), ("user_id", "§user_id§")],
        [
            new("seat_id", SlotKind.Text, "\"A1\"", true, "\"Z99\"", "\"A0\"", "\"A26\""),
            new("user_id", SlotKind.Text, "\"u1\"", true, $"\"{new string('u', 65)}\""),
        ]),
    ];

    /// <summary>Each route once, at the root (patterns as mapped; ids as target placeholders).</summary>
    private static readonly FuzzRoute[] Root =
    [
        new("POST", "/events", "/events", CreateEvent),
        new("GET", "/events", "/events", []),
        new("GET", "/events/{E}", "/events/{id}", [], "{E}"),
        new("GET", "/events/{E}/status", "/events/{id}/status", [], "{E}"),
        new("PATCH", "/events/{E}", "/events/{id}", UpdateEvent, "{E}", UsesIfMatch: true),
        new("GET", "/events/{E}/seats", "/events/{id}/seats", [], "{E}"),
        new("GET", "/events/{E}/stream", "/events/{id}/stream", [], "{E}"),
        new("POST", "/holds", "/holds", Hold, UsesIfMatch: true),
        new("GET", "/holds/{H}", "/holds/{id}", [], "{H}"),
        new("DELETE", "/holds/{H}", "/holds/{id}", [], "{H}"),
        new("POST", "/holds/{H}/expire", "/holds/{id}/expire", [], "{H}"),
        new("POST", "/book", "/book", Book),
        new("POST", "/bookings", "/bookings", DirectBooking, UsesIfMatch: true),
        new("GET", "/bookings/{B}", "/bookings/{id}", [], "{B}"),
        new("DELETE", "/bookings/{B}", "/bookings/{id}", [], "{B}"),
        new("POST", "/reservations", "/reservations", Reservation),
        new("POST", "/reservations/", "/reservations", Reservation),
        new("GET", "/reservations/{R}", "/reservations/{reservationId}", [], "{R}"),
        new("DELETE", "/reservations/{R}", "/reservations/{reservationId}", [], "{R}"),
        new("GET", "/reservations", "/reservations", []),
        new("GET", "/seats", "/seats", []),
        new("POST", "/reserve", "/reserve", ReserveSeat),
        new("GET", "/metrics", "/metrics", []),
        new("GET", "/health", "/health", []),
        new("GET", "/health/ready", "/health/ready", []),
        new("GET", "/health/live", "/health/live", []),
        new("GET", "/cluster", "/cluster", []),
    ];

    /// <summary>Served outside the API groups: the OpenAPI document, the docs and the page (reads only).</summary>
    private static readonly FuzzRoute[] Outside =
    [
        new("GET", "/openapi/v1.json", "/openapi/{documentName}.json", []),
        new("GET", "/docs/index.html", "/docs", []),
        new("GET", "/", "/", []),
    ];

    /// <summary>Every route at the root and under /api/v1, then the routes outside the API.</summary>
    public static readonly FuzzRoute[] All =
    [
        .. Root,
        .. Root.Select(r => r with { Path = "/api/v1" + r.Path, Pattern = "/api/v1" + r.Pattern }),
        .. Outside,
    ];

    /// <summary>The methods any route may be called with, mapped or not.</summary>
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"];
}

using System.Text;

namespace TicketBoss.Tests.Http;

/// <summary>What a bad request is aimed at: an event of 10 numbered seats with one active hold of 2 seats.</summary>
internal sealed record BadInputTarget(string EventId, string HoldId, string Token)
{
    /// <summary>Fills in <c>{E}</c> (event id), <c>{H}</c> (hold id) and <c>{T}</c> (payment token).</summary>
    public string Fill(string template) => template.Replace("{E}", EventId).Replace("{H}", HoldId).Replace("{T}", Token);
}

/// <summary>A bad request: where it goes, its body, and the status it must get (any 4xx when null).</summary>
internal sealed record BadInputCase(string Method, string Path, Func<BadInputTarget, byte[]?> Body, int? Status)
{
    /// <summary>The partner family answers <c>{"error": ...}</c>; everything else answers problem details.</summary>
    public bool IsPartner => Path.StartsWith("/reservations", StringComparison.Ordinal);
}

/// <summary>The catalogue of bad requests, by name (names are the theory's data, so the test list stays readable).</summary>
internal static class BadInputCases
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    /// <summary>Each POST route, the name of one of its string fields, and a valid body (templated).</summary>
    private static readonly (string Path, string StringField, string Valid)[] Routes =
    [
        ("/events", "name", """{"name":"x","total_seats":5}"""),
        ("/holds", "event_id", """{"event_id":"{E}","qty":1}"""),
        ("/book", "hold_id", """{"hold_id":"{H}","payment_token":"{T}"}"""),
        ("/bookings", "event_id", """{"event_id":"{E}","seats":[9]}"""),
        ("/reservations", "partnerId", """{"partnerId":"p","seats":1}"""),
        ("/reserve", "seat_id", """{"seat_id":"A1","user_id":"u"}"""),
    ];

    public static readonly IReadOnlyDictionary<string, BadInputCase> Bodies = BuildBodies();

    public static readonly IReadOnlyDictionary<string, BadInputCase> Paths = BuildPaths();

    public static TheoryData<string> BodyNames => [.. Bodies.Keys];

    public static TheoryData<string> PathNames => [.. Paths.Keys];

    private static Dictionary<string, BadInputCase> BuildBodies()
    {
        var cases = new Dictionary<string, BadInputCase>(StringComparer.Ordinal);
        void Add(string name, string path, string template, int? status = 400) =>
            cases.Add($"{path} {name}", new BadInputCase("POST", path, t => Utf8(t.Fill(template)), status));
        void AddBytes(string name, string path, Func<BadInputTarget, byte[]> body, int? status = 400) =>
            cases.Add($"{path} {name}", new BadInputCase("POST", path, body, status));

        var deepArrays = new string('[', 200) + new string(']', 200);
        var deepObjects = string.Concat(Enumerable.Repeat("""{"a":""", 200)) + "1" + new string('}', 200);
        foreach (var (path, field, valid) in Routes)
        {
            Add("malformed json", path, """{"a":""");
            Add("unterminated string", path, $$"""{"{{field}}":"abc""");
            Add("not json", path, "hello");
            Add("empty body", path, "");
            Add("whitespace body", path, "   \n ");
            Add("empty array", path, "[]");
            Add("array of a valid body", path, $"[{valid}]");
            Add("null", path, "null");
            Add("number", path, "42");
            Add("string", path, "\"text\"");
            Add("trailing garbage", path, valid + " xyz");
            Add("two bodies", path, valid + valid);
            Add("single quotes", path, valid.Replace('"', '\''));
            Add("200 nested arrays", path, deepArrays);
            Add("200 nested arrays in a field", path, "{\"" + field + "\":" + deepArrays + "}");
            Add("200 nested objects", path, deepObjects);
            Add("object for a string", path, "{\"" + field + "\":{\"x\":1}}");
            Add("number for a string", path, valid.Replace($"\"{field}\":\"", $"\"{field}\":123,\"ignored\":\""));
            Add("boolean for a string", path, valid.Replace($"\"{field}\":\"", $"\"{field}\":true,\"ignored\":\""));
            Add("lone surrogate escape", path, valid.Replace($"\"{field}\":\"", $"\"{field}\":\"\\ud800"), null);
            AddBytes("invalid UTF-8 in a string", path, t => Concat($$"""{"{{field}}":"a""", [0xFF, 0xFE, 0xC3], "b\"}"));
            AddBytes("invalid UTF-8 outside strings", path, _ => Concat("{", [0xFF, 0x80], "}"));
            AddBytes("overlong UTF-8 encoding", path, _ => Concat("{\"" + field + "\":\"", [0xC0, 0xAF], "\"}"));
            AddBytes("UTF-16 body", path, t => Encoding.Unicode.GetBytes(t.Fill(valid)));
            AddBytes("2 MB string", path, _ => Utf8($$"""{"{{field}}":"{{new string('a', TwoMegabytes)}}"}"""), 413);
            AddBytes("2 MB of spaces", path, t => Utf8(new string(' ', TwoMegabytes) + t.Fill(valid)), 413);
        }

        // POST /events
        Add("missing name", "/events", """{"total_seats":5}""");
        Add("missing total_seats", "/events", """{"name":"x"}""");
        Add("total_seats as string", "/events", """{"name":"x","total_seats":"5"}""");
        Add("total_seats 0", "/events", """{"name":"x","total_seats":0}""");
        Add("total_seats -1", "/events", """{"name":"x","total_seats":-1}""");
        Add("total_seats 1000001", "/events", """{"name":"x","total_seats":1000001}""");
        Add("total_seats 1e10", "/events", """{"name":"x","total_seats":1e10}""");
        Add("total_seats 2.5", "/events", """{"name":"x","total_seats":2.5}""");
        Add("total_seats beyond int", "/events", """{"name":"x","total_seats":99999999999999999999999}""");
        Add("name number", "/events", """{"name":5,"total_seats":5}""");
        Add("name empty", "/events", """{"name":"","total_seats":5}""");
        Add("name blank", "/events", """{"name":"   ","total_seats":5}""");
        Add("name 201 characters", "/events", $$"""{"name":"{{new string('n', 201)}}","total_seats":5}""");
        Add("name 5000 characters", "/events", $$"""{"name":"{{new string('n', 5000)}}","total_seats":5}""");
        Add("name with NUL", "/events", """{"name":"a\u0000b","total_seats":5}""");
        Add("name with control character", "/events", """{"name":"a\u001bb","total_seats":5}""");
        Add("venue empty", "/events", """{"name":"x","total_seats":5,"venue":""}""");
        Add("venue number", "/events", """{"name":"x","total_seats":5,"venue":7}""");
        Add("starts_at garbage", "/events", """{"name":"x","total_seats":5,"starts_at":"tomorrow"}""");
        Add("starts_at number", "/events", """{"name":"x","total_seats":5,"starts_at":1700000000}""");
        Add("seat_map string", "/events", """{"name":"x","seat_map":"A1-A9"}""");
        Add("seat_map without rows", "/events", """{"name":"x","seat_map":{}}""");
        Add("seat_map empty rows", "/events", """{"name":"x","seat_map":{"rows":[]}}""");
        Add("seat_map null row", "/events", """{"name":"x","seat_map":{"rows":[null]}}""");
        Add("seat_map row without label", "/events", """{"name":"x","seat_map":{"rows":[{"seats":3}]}}""");
        Add("seat_map row of 0 seats", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":0}]}}""");
        Add("seat_map row of -3 seats", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":-3}]}}""");
        Add("seat_map too many seats", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":600000},{"row":"B","seats":600000}]}}""");
        Add("seat_map duplicate labels", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","labels":["1","1"]}]}}""");
        Add("seat_map rows collide", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":11},{"row":"A1","seats":1}]}}""");
        Add("seat_map rows and sections", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":2}],"sections":[{"name":"S","rows":[{"row":"B","seats":2}]}]}}""");
        Add("seat_map empty sections", "/events", """{"name":"x","seat_map":{"sections":[]}}""");
        Add("seat_map null section", "/events", """{"name":"x","seat_map":{"sections":[null]}}""");
        Add("seat_map section without name", "/events", """{"name":"x","seat_map":{"sections":[{"rows":[{"row":"A","seats":2}]}]}}""");
        Add("seat_map section without rows", "/events", """{"name":"x","seat_map":{"sections":[{"name":"S"}]}}""");
        Add("seat_map duplicate sections", "/events", """{"name":"x","seat_map":{"sections":[{"name":"S","rows":[{"row":"A","seats":2}]},{"name":"S","rows":[{"row":"B","seats":2}]}]}}""");
        Add("seat_map section with a null row", "/events", """{"name":"x","seat_map":{"sections":[{"name":"S","rows":[null]}]}}""");
        Add("seat_map sections labels collide", "/events", """{"name":"x","seat_map":{"sections":[{"name":"S","rows":[{"row":"A","seats":2}]},{"name":"T","rows":[{"row":"A","seats":2}]}]}}""");
        Add("seat_map label with space", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","labels":["A 1"]}]}}""");
        Add("seat_map null label", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","labels":[null]}]}}""");
        Add("seat_map label too long", "/events", $$$"""{"name":"x","seat_map":{"rows":[{"row":"A","labels":["{{{new string('L', 17)}}}"]}]}}""");
        Add("seat_map count and labels disagree", "/events", """{"name":"x","seat_map":{"rows":[{"row":"A","seats":3,"labels":["A1"]}]}}""");
        Add("seat_map and total_seats disagree", "/events", """{"name":"x","total_seats":4,"seat_map":{"rows":[{"row":"A","seats":3}]}}""");

        // POST /holds
        Add("missing event_id", "/holds", """{"qty":1}""");
        Add("empty event_id", "/holds", """{"event_id":"","qty":1}""");
        Add("event_id number", "/holds", """{"event_id":5,"qty":1}""");
        Add("event_id path traversal", "/holds", """{"event_id":"../../etc/passwd","qty":1}""");
        Add("event_id 5000 characters", "/holds", $$"""{"event_id":"{{new string('e', 5000)}}","qty":1}""");
        Add("unknown event", "/holds", """{"event_id":"evt_nosuchevent0","qty":1}""", 404);
        Add("qty 0", "/holds", """{"event_id":"{E}","qty":0}""");
        Add("qty 101", "/holds", """{"event_id":"{E}","qty":101}""");
        Add("qty -1", "/holds", """{"event_id":"{E}","qty":-1}""");
        Add("qty 1e10", "/holds", """{"event_id":"{E}","qty":1e10}""");
        Add("qty 2.5", "/holds", """{"event_id":"{E}","qty":2.5}""");
        Add("qty as string", "/holds", """{"event_id":"{E}","qty":"3"}""");
        Add("qty beyond int", "/holds", """{"event_id":"{E}","qty":2147483648}""");
        Add("more than available", "/holds", """{"event_id":"{E}","qty":9}""", 409);
        Add("neither qty nor seats", "/holds", """{"event_id":"{E}"}""");
        Add("both qty and seats", "/holds", """{"event_id":"{E}","qty":1,"seats":["5"]}""");
        Add("seats empty", "/holds", """{"event_id":"{E}","seats":[]}""");
        Add("seats string", "/holds", """{"event_id":"{E}","seats":"5"}""");
        Add("seats with null", "/holds", """{"event_id":"{E}","seats":[null]}""");
        Add("seats with boolean", "/holds", """{"event_id":"{E}","seats":[true]}""");
        Add("seats with object", "/holds", """{"event_id":"{E}","seats":[{"label":"5"}]}""");
        Add("seats with fraction", "/holds", """{"event_id":"{E}","seats":[1.5]}""");
        Add("seats with 1e10", "/holds", """{"event_id":"{E}","seats":[1e10]}""");
        Add("seats with -1", "/holds", """{"event_id":"{E}","seats":[-1]}""", null);
        Add("seats with 0", "/holds", """{"event_id":"{E}","seats":[0]}""", null);
        Add("seats with leading zero", "/holds", """{"event_id":"{E}","seats":["05"]}""", null);
        Add("seat beyond the event", "/holds", """{"event_id":"{E}","seats":["11"]}""", 404);
        Add("duplicate seats", "/holds", """{"event_id":"{E}","seats":["5","5"]}""");
        Add("duplicate seats as label and number", "/holds", """{"event_id":"{E}","seats":["5",5]}""");
        Add("101 seats", "/holds", $$"""{"event_id":"{E}","seats":[{{string.Join(',', Enumerable.Range(1, 101))}}]}""");
        Add("held seat", "/holds", """{"event_id":"{E}","seats":["1"]}""", 409);
        Add("ttl_seconds 0", "/holds", """{"event_id":"{E}","qty":1,"ttl_seconds":0}""");
        Add("ttl_seconds -5", "/holds", """{"event_id":"{E}","qty":1,"ttl_seconds":-5}""");
        Add("ttl_seconds 901", "/holds", """{"event_id":"{E}","qty":1,"ttl_seconds":901}""");
        Add("ttl_seconds 1e10", "/holds", """{"event_id":"{E}","qty":1,"ttl_seconds":1e10}""");
        Add("ttl_seconds as string", "/holds", """{"event_id":"{E}","qty":1,"ttl_seconds":"60"}""");
        Add("allow_partial as string", "/holds", """{"event_id":"{E}","qty":1,"allow_partial":"yes"}""");
        Add("allow_partial as number", "/holds", """{"event_id":"{E}","qty":1,"allow_partial":1}""");

        // Invalid UTF-8 and lone surrogates in seat labels of /holds and /bookings answer 500 today: see
        // BadInputTests.InvalidTextInASeatLabelIs400 (skipped, BUG).

        // POST /book
        Add("missing hold_id", "/book", """{"payment_token":"{T}"}""");
        Add("missing payment_token", "/book", """{"hold_id":"{H}"}""");
        Add("empty payment_token", "/book", """{"hold_id":"{H}","payment_token":""}""");
        Add("hold_id number", "/book", """{"hold_id":5,"payment_token":"{T}"}""");
        Add("payment_token number", "/book", """{"hold_id":"{H}","payment_token":5}""");
        Add("payment_token 257 characters", "/book", $$"""{"hold_id":"{H}","payment_token":"{{new string('t', 257)}}"}""");
        Add("payment_token 5000 characters", "/book", $$"""{"hold_id":"{H}","payment_token":"{{new string('t', 5000)}}"}""");
        Add("hold_id 5000 characters", "/book", $$"""{"hold_id":"{{new string('h', 5000)}}","payment_token":"{T}"}""", 404);
        Add("hold_id path traversal", "/book", """{"hold_id":"../../etc/passwd","payment_token":"{T}"}""", 404);
        Add("unknown hold", "/book", """{"hold_id":"hld_unknown00000.{E}","payment_token":"{T}"}""", 404);
        Add("hold of an unknown event", "/book", """{"hold_id":"hld_unknown00000.evt_nosuchevent0","payment_token":"{T}"}""", 404);
        Add("wrong payment_token", "/book", """{"hold_id":"{H}","payment_token":"x{T}"}""", 403);
        Add("payment_token with NUL", "/book", """{"hold_id":"{H}","payment_token":"{T}\u0000"}""", 403);
        AddBytes("invalid UTF-8 in the payment_token", "/book", t => Concat("{\"hold_id\":\"" + t.HoldId + "\",\"payment_token\":\"", [0xFF, 0xFF], "\"}"));

        // POST /bookings
        Add("missing seats", "/bookings", """{"event_id":"{E}"}""");
        Add("missing event_id", "/bookings", """{"seats":[9]}""");
        Add("event_id number", "/bookings", """{"event_id":5,"seats":[9]}""");
        Add("event_id 5000 characters", "/bookings", $$"""{"event_id":"{{new string('e', 5000)}}","seats":[9]}""");
        Add("unknown event", "/bookings", """{"event_id":"evt_nosuchevent0","seats":[9]}""", 404);
        Add("seats empty", "/bookings", """{"event_id":"{E}","seats":[]}""");
        Add("seats string", "/bookings", """{"event_id":"{E}","seats":"9"}""");
        Add("seats number", "/bookings", """{"event_id":"{E}","seats":9}""");
        Add("seats with null", "/bookings", """{"event_id":"{E}","seats":[9,null]}""");
        Add("seats with 1e10", "/bookings", """{"event_id":"{E}","seats":[1e10]}""");
        Add("seats with fraction", "/bookings", """{"event_id":"{E}","seats":[9.5]}""");
        Add("seats with -1", "/bookings", """{"event_id":"{E}","seats":[-1]}""", null);
        Add("seats with unknown label", "/bookings", """{"event_id":"{E}","seats":["x"]}""", null);
        Add("duplicate seats", "/bookings", """{"event_id":"{E}","seats":[9,9]}""");
        Add("duplicate seats as label and number", "/bookings", """{"event_id":"{E}","seats":["9",9]}""");
        Add("101 seats", "/bookings", $$"""{"event_id":"{E}","seats":[{{string.Join(',', Enumerable.Range(1, 101))}}]}""");
        Add("held seat", "/bookings", """{"event_id":"{E}","seats":[9,2]}""", 409);

        // POST /reservations
        Add("missing partnerId", "/reservations", """{"seats":1}""");
        Add("missing seats", "/reservations", """{"partnerId":"p"}""");
        Add("seats 0", "/reservations", """{"partnerId":"p","seats":0}""");
        Add("seats 11", "/reservations", """{"partnerId":"p","seats":11}""");
        Add("seats -1", "/reservations", """{"partnerId":"p","seats":-1}""");
        Add("seats 1e10", "/reservations", """{"partnerId":"p","seats":1e10}""");
        Add("seats as string", "/reservations", """{"partnerId":"p","seats":"3"}""");
        Add("seats as array", "/reservations", """{"partnerId":"p","seats":[3]}""");
        Add("partnerId empty", "/reservations", """{"partnerId":"","seats":1}""");
        Add("partnerId 5000 characters", "/reservations", $$"""{"partnerId":"{{new string('p', 5000)}}","seats":1}""");
        Add("partnerId with NUL", "/reservations", """{"partnerId":"p\u0000","seats":1}""");
        Add("snake_case fields", "/reservations", """{"partner_id":"p","seats":1}""");

        // POST /reserve
        Add("missing seat_id", "/reserve", """{"user_id":"u"}""");
        Add("missing user_id", "/reserve", """{"seat_id":"A1"}""");
        Add("seat_id number", "/reserve", """{"seat_id":1,"user_id":"u"}""");
        Add("user_id number", "/reserve", """{"seat_id":"A1","user_id":1}""");
        Add("seat_id 5000 characters", "/reserve", $$"""{"seat_id":"{{new string('s', 5000)}}","user_id":"u"}""");
        Add("user_id 5000 characters", "/reserve", $$"""{"seat_id":"A1","user_id":"{{new string('u', 5000)}}"}""");
        Add("user_id with control character", "/reserve", """{"seat_id":"A1","user_id":"u\u0007"}""");
        Add("user_id blank", "/reserve", """{"seat_id":"A1","user_id":" "}""");
        Add("unknown seat", "/reserve", """{"seat_id":"Z99","user_id":"u"}""", 404);
        return cases;
    }

    private static Dictionary<string, BadInputCase> BuildPaths()
    {
        var cases = new Dictionary<string, BadInputCase>(StringComparer.Ordinal);
        // A NUL (%00) in the path is refused by Kestrel itself, with an empty 400: any 4xx is expected there.
        void Add(string method, string path, int? status = 404) =>
            cases.Add($"{method} {(path.Length > 80 ? path[..60] + $"...({path.Length} chars)" : path)}", new BadInputCase(method, path, _ => null, status));

        var longId = new string('x', 5000);
        Add("GET", "/holds/..%2F..%2Fetc");
        Add("DELETE", "/holds/..%2F..%2Fetc");
        Add("POST", "/holds/..%2F..%2Fetc/expire");
        Add("GET", "/holds/..%5C..%5Cwindows");
        Add("GET", "/events/%00", null);
        Add("GET", "/events/%00/status", null);
        Add("GET", "/events/%00/seats", null);
        Add("GET", "/events/%FF%FE");
        Add("GET", "/events/evt_%20x");
        Add("GET", "/events/{E}%00", null);
        Add("GET", "/events/{E}.{E}");
        Add("GET", "/events/" + longId);
        Add("GET", "/events/" + longId + "/seats");
        Add("GET", "/holds/" + longId);
        Add("DELETE", "/holds/" + longId);
        Add("POST", "/holds/" + longId + "/expire");
        Add("GET", "/holds/hld_x." + longId);
        Add("GET", "/holds/{H}%00", null);
        Add("DELETE", "/holds/{H}%00", null);
        Add("DELETE", "/holds/{H}.{E}");
        Add("POST", "/holds/%00.{E}/expire", null);
        Add("DELETE", "/holds/hld_%2F.{E}");
        Add("GET", "/holds/%FF.{E}");
        Add("GET", "/bookings/" + longId);
        Add("DELETE", "/bookings/" + longId);
        Add("DELETE", "/bookings/..%2F..%2Fetc");
        Add("DELETE", "/bookings/{H}");
        Add("DELETE", "/reservations/" + longId);
        Add("DELETE", "/reservations/%00", null);
        Add("DELETE", "/reservations/..%2F..%2Fetc");
        Add("DELETE", "/reservations/{H}");
        // Refused by parameter binding with a problem that has no code: see BadInputTests (skipped, BUG).
        Add("GET", "/events?page_size=abc", null);
        Add("GET", "/events?page_size=99999999999", null);
        Add("GET", "/events?page=" + longId, 400);
        Add("GET", "/events?page=%FF", 400);
        return cases;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(string before, byte[] raw, string after) => [.. Utf8(before), .. raw, .. Utf8(after)];
}

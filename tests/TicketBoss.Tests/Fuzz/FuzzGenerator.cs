using System.Text;
using static TicketBoss.Tests.Fuzz.FuzzText;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// Generates hostile requests for every route, from a seeded <see cref="Random"/>: each starts from a valid request
/// of the route (API.md) and breaks it in one way, so it reaches past the first parser. A request to a route that
/// changes state is only ever generated broken; reads may stay valid.
/// </summary>
internal sealed class FuzzGenerator(Random rng, FuzzTarget target)
{
    private static readonly string[] UnknownKeys =
    [
        "unknown", "extra_field", "__proto__", "constructor", "$type", "$id", "$ref", "$values", "QTY", "Name", "", "名前",
        "k\\u0000", "k\\ud800", new string('k', 10_000),
    ];

    private bool Keep(double share) => rng.NextDouble() < share;

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    // ---------------------------------------------------------------- bodies

    /// <summary>The JSON text of a shape with some slots overridden, and optionally members reworked.</summary>
    public string Render(BodyShape shape, IReadOnlyDictionary<string, string>? overrides = null, Func<List<string>, List<string>>? members = null)
    {
        string Expand(string text)
        {
            while (text.IndexOf('§') is var start and >= 0)
            {
                var end = text.IndexOf('§', start + 1);
                var name = text[(start + 1)..end];
                var value = overrides is not null && overrides.TryGetValue(name, out var o) ? o : shape.Slot(name).Valid;
                text = text[..start] + value + text[(end + 1)..];
            }
            return text;
        }
        var list = shape.Members.Select(m => $"\"{m.Key}\":{Expand(m.Value)}").ToList();
        if (members is not null)
        {
            list = members(list);
        }
        return target.Fill("{" + string.Join(',', list) + "}");
    }

    /// <summary>A random invalid value for a slot (used where a broken body is only the carrier of another abuse).</summary>
    public (string Label, string Body) RandomInvalidBody(FuzzRoute route)
    {
        var shape = Pick(route.Shapes);
        var slot = Pick(shape.Slots);
        var (label, json) = Pick(FuzzValues.Invalid(Filled(slot), rng));
        return ($"{shape.Name}: {slot.Name} = {label}", Render(shape, new Dictionary<string, string> { [slot.Name] = json }));
    }

    private Slot Filled(Slot slot) => slot with { Valid = target.Fill(slot.Valid), Extra = [.. slot.Extra.Select(target.Fill)] };

    private List<string> Decorate(List<string> members, string? mutated, StringBuilder label)
    {
        if (Keep(0.25))
        {
            var count = rng.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                var key = Pick(UnknownKeys);
                var value = Pick(new[] { "1", "\"x\"", "null", "[]", "{}", "{\"a\":[1,{\"b\":null}]}", FuzzValues.Deep(rng), "\"" + new string('u', 100 * 1024) + "\"" });
                members.Insert(rng.Next(members.Count + 1), $"\"{key}\":{value}");
            }
            label.Append($" + {count} unknown field(s)");
        }
        if (Keep(0.15))
        {
            members = [.. members.OrderBy(_ => rng.Next())];
            label.Append(" + members reordered");
        }
        var others = members.Where(m => mutated is null || !m.StartsWith($"\"{mutated}\":", StringComparison.Ordinal)).ToList();
        if (others.Count > 0 && Keep(0.1))
        {
            members.Insert(0, Pick(others));
            label.Append(" + another field duplicated");
        }
        return members;
    }

    /// <summary>Malformed bodies for one body route: invalid values per slot, duplicates, missing fields, syntax, whole bodies, content types.</summary>
    public List<RawRequest> Bodies(FuzzRoute route, double share)
    {
        var cases = new List<RawRequest>();
        void Add(string mutation, string body, string? contentType = "application/json") => cases.Add(Request(route, "bodies", mutation, body, contentType));

        foreach (var shape in route.Shapes)
        {
            var valid = Render(shape);
            foreach (var slot in shape.Slots)
            {
                var member = shape.MemberOf(slot);
                foreach (var (label, json) in FuzzValues.Invalid(Filled(slot), rng).Where(_ => Keep(share)))
                {
                    var text = new StringBuilder($"{shape.Name}: {slot.Name} = {label}");
                    Add(text.ToString(), Render(shape, new Dictionary<string, string> { [slot.Name] = json }, m => Decorate(m, member, text)));
                }
                if (member is null)
                {
                    continue;
                }
                var invalid = Pick(FuzzValues.Invalid(Filled(slot), rng));
                Add($"{shape.Name}: {member} twice, the last {invalid.Label}",
                    Render(shape, new Dictionary<string, string> { [slot.Name] = invalid.Json }, m => [$"\"{member}\":{target.Fill(slot.Valid)}", .. m]));
                var typeError = Pick(FuzzValues.TypeErrors(slot.Kind));
                Add($"{shape.Name}: {member} twice, the first of the wrong type {FuzzValues.Short(typeError)}",
                    Render(shape, null, m => [$"\"{member}\":{typeError}", .. m]));
                if (slot.Required)
                {
                    var text = new StringBuilder($"{shape.Name}: required {member} missing");
                    Add(text.ToString(), Render(shape, null, m => Decorate([.. m.Where(x => !x.StartsWith($"\"{member}\":", StringComparison.Ordinal))], null, text)));
                }
            }
            if (shape.Slots.Any(s => s.Required))
            {
                Add($"{shape.Name}: every field null", Render(shape, null, m => [.. shape.Members.Select(x => $"\"{x.Key}\":null")]));
            }
            foreach (var (label, body) in FuzzValues.SyntaxBreaks(rng, valid).Where(_ => Keep(share)))
            {
                Add($"{shape.Name}: {label}", body);
            }
            foreach (var literal in new[] { "NaN", "Infinity", "-Infinity", "undefined", "+1", "01", ".5", "1.", "0x1F", "--1" }.Where(_ => Keep(share / 2)))
            {
                var slot = Pick(shape.Slots);
                Add($"{shape.Name}: {slot.Name} = {literal}", Render(shape, new Dictionary<string, string> { [slot.Name] = literal }));
            }
        }
        var anyValid = Render(route.Shapes[0]);
        var emptyObjectIsValid = route.Shapes.Any(s => s.Slots.All(slot => !slot.Required));
        foreach (var (label, body) in FuzzValues.WholeBodies(rng, anyValid, emptyObjectIsValid).Where(_ => Keep(share)))
        {
            Add(label, body);
        }
        string[] contentTypes =
        [
            "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "application/json; charset=utf-16", "application/json; charset=latin1", ";;;", "", "application/json, text/plain",
            "application/" + new string('x', 300), "*/*", "application/problem+json", "application/merge-patch+json",
            "application/json" + Latin1(0xFF), "application/json; charset=\"", "text/event-stream",
        ];
        foreach (var contentType in contentTypes.Where(_ => Keep(share)))
        {
            var (label, body) = RandomInvalidBody(route);
            Add($"Content-Type {Quote(contentType)} with {label}", body, contentType);
        }
        var (brokenLabel, broken) = RandomInvalidBody(route);
        Add($"no Content-Type, {brokenLabel}", broken, null);
        Add("a form body", target.Fill("event_id={E}&qty=2&hold_id={H}&payment_token={T}&seats=1"), "application/x-www-form-urlencoded");
        Add("an XML body", target.Fill("<?xml version=\"1.0\"?><request><event_id>{E}</event_id><qty>2</qty></request>"), "application/xml");
        Add("a multipart body", "--x\r\nContent-Disposition: form-data; name=\"body\"\r\nContent-Type: application/json\r\n\r\n" + anyValid + "\r\n--x--\r\n",
            "multipart/form-data; boundary=x");
        return cases;
    }

    /// <summary>Bodies beyond the 1 MiB limit (413), announced by Content-Length or sent chunked.</summary>
    public List<RawRequest> Oversized(FuzzRoute route)
    {
        var shape = Pick(route.Shapes);
        string Padded(int size) => Render(shape, null, m => [$"\"pad\":\"{new string('p', size)}\"", .. m]);
        var mebibyte = 1024 * 1024;
        return
        [
            Request(route, "oversized", "valid body padded to 1 MiB + 100 KB, announced by Content-Length", Padded(mebibyte + 100 * 1024)) with
            {
                WaitForContinue = true, ExactStatus = 413,
            },
            Request(route, "oversized", "2 MB string in a broken body, announced by Content-Length", "{\"x\":\"" + new string('x', 2 * mebibyte)) with
            {
                WaitForContinue = true, ExactStatus = 413,
            },
            Chunked(Request(route, "oversized", "valid body padded to 1 MiB + 4 KB, chunked", Padded(mebibyte + 4096)), rng.Next(1, 3) * 8192) with
            {
                ExactStatus = 413,
            },
        ];
    }

    // ---------------------------------------------------------------- headers and framing

    /// <summary>The route's valid request (its first shape's body); for a change, only paired with a header that refuses it by itself.</summary>
    public RawRequest ValidRequest(FuzzRoute route, string category, string mutation) =>
        Request(route, category, mutation, route.HasBody ? Render(route.Shapes[0]) : null, route.HasBody ? "application/json" : null);

    /// <summary>A request of the route that must be refused whatever else it carries: a broken body or an odd id (reads stay valid).</summary>
    private RawRequest Carrier(FuzzRoute route, string category, string mutation)
    {
        if (route.HasBody && (route.IdToken is null || rng.Next(2) == 0))
        {
            var (label, body) = RandomInvalidBody(route);
            return Request(route, category, $"{mutation}; body {label}", body);
        }
        if (route.Changes && route.IdToken is not null)
        {
            var (label, id) = Pick(IdMutations(route, changes: true));
            return Request(route, category, $"{mutation}; id {label}", route.HasBody ? Render(route.Shapes[0]) : null) with { Target = PathWithId(route, id) };
        }
        return ValidRequest(route, category, mutation);
    }

    private static RawRequest WithHeaders(RawRequest request, params (string Name, string Value)[] headers)
    {
        request.Headers.AddRange(headers);
        return request;
    }

    /// <summary>Header abuse: sizes and counts, garbage in the headers the gateway reads, broken header syntax, Host.</summary>
    public List<RawRequest> Headers(FuzzRoute route, double share)
    {
        var cases = new List<RawRequest>();
        var changes = route.Changes;
        // Refused by themselves: the rest of the request is valid, so these also prove the refusal comes first.
        void Alone(string mutation, int? exact, params (string, string)[] headers) =>
            cases.Add(WithHeaders(ValidRequest(route, "headers", mutation) with { ExactStatus = exact }, headers));
        void AloneRaw(string mutation, Func<RawRequest, RawRequest> change) => cases.Add(change(ValidRequest(route, "headers", mutation)));
        // Harmless by themselves: carried by a request that is refused anyway (reads: a valid one).
        void Carried(string mutation, params (string, string)[] headers) => cases.Add(WithHeaders(Carrier(route, "headers", mutation), headers));

        Alone("one 40 KB header", 431, ("X-Fuzz", new string('h', 40 * 1024)));
        Alone("20 headers of 2 KB (over 32 KB in all)", 431, [.. Enumerable.Range(0, 20).Select(i => ($"X-Fuzz-{i}", new string('h', 2048)))]);
        Alone("150 small headers", null, [.. Enumerable.Range(0, 150).Select(i => ($"X-Fuzz-{i}", "1"))]);
        Alone("a header name with a space", null, ("X Fuzz", "1"));
        Alone("an empty header name", null, ("", "1"));
        Alone("a NUL in a header value", null, ("X-Fuzz", "a\0b"));
        Alone("a bare CR in a header value", null, ("X-Fuzz", "a\rb"));
        Alone("invalid UTF-8 in a header value", null, ("X-Fuzz", Latin1(0xFF, 0xFE)));
        AloneRaw("a header line without a colon", r => WithHeaders(r, ("X-Fuzz-No-Colon\r\nX-Next", "1")));
        AloneRaw("an obs-folded header line", r => WithHeaders(r, ("X-Fuzz", "1\r\n folded")));
        AloneRaw("no Host header", r => r with { AutoHost = false });
        AloneRaw("two Host headers", r => WithHeaders(r, ("Host", "other.example")));
        AloneRaw("a Host with a space", r => WithHeaders(r with { AutoHost = false }, ("Host", "local host")));
        AloneRaw("a Host with invalid bytes", r => WithHeaders(r with { AutoHost = false }, ("Host", "local" + Latin1(0xFF))));
        if (route.Method is "POST" or "DELETE")
        {
            string[] keys = ["", " ", new string('k', 256), "key with space", "k\tk", "ключ-" + Guid.NewGuid().ToString("N"), "k\u007f", new string('k', 10_000), "k" + Latin1(0xFF)];
            foreach (var key in keys.Where(_ => Keep(share)))
            {
                var exact = key.All(c => c < 0x80) && !key.Contains('\u007f') ? 400 : (int?)null;
                Alone($"Idempotency-Key {Quote(key)}", exact, ("Idempotency-Key", key.StartsWith("ключ", StringComparison.Ordinal) ? Utf8AsLatin1(key) : key));
            }
            Alone("two Idempotency-Keys, one with a space", 400, ("Idempotency-Key", "fuzz-ok-" + Guid.NewGuid().ToString("N")), ("Idempotency-Key", "bad key"));
        }
        if (route.UsesIfMatch)
        {
            string[] tags = ["W/\"1\"", "\"abc\"", "\"\"", "\"1", "1", "\"-1\"", "\"99999999999999999999\"", "\"1000000\"", new string('e', 5000), ",,,", "\"a\" \"b\"", "W/\"1\", W/\"2\"", "\"1\"x", "\"0x1\""];
            foreach (var tag in tags.Where(_ => Keep(share)))
            {
                Alone($"If-Match {Quote(tag)}", null, ("If-Match", tag));
            }
        }
        string[] keysGarbage = ["", " ", "x", new string('k', 10_000), "k\tk", "ключ", "admin", "' OR '1'='1"];
        string[] authGarbage = ["Bearer", "Bearer ", "Bearer  x", "Basic Zm9vOmJhcg==", "bearer x y z", "Bearer " + new string('b', 5000), "Negotiate", "Bearer \"x\"", ",", "Bearer x, Bearer y"];
        string[] eventIds = ["", "-1", "abc", "99999999999999999999", "1e3", " 5", "5 ", "0x5", new string('9', 5000), "٣", "+1"];
        string[] correlation = ["", new string('c', 65), new string('c', 10_000), "a b", "a\tb", "ключ", "\u007f", "a\u00ffb"];
        foreach (var key in keysGarbage.Where(_ => Keep(share / 2)))
        {
            Carried($"X-Api-Key {Quote(key)}", ("X-Api-Key", Utf8AsLatin1(key)));
        }
        foreach (var auth in authGarbage.Where(_ => Keep(share / 2)))
        {
            Carried($"Authorization {Quote(auth)}", ("Authorization", auth));
        }
        foreach (var id in eventIds.Where(_ => Keep(route.Pattern.EndsWith("/stream", StringComparison.Ordinal) ? 1 : share / 4)))
        {
            Carried($"Last-Event-ID {Quote(id)}", ("Last-Event-ID", Utf8AsLatin1(id)));
        }
        foreach (var id in correlation.Where(_ => Keep(share / 2)))
        {
            var request = Carrier(route, "headers", $"X-Correlation-Id {Quote(id)}");
            cases.Add(WithHeaders(request with { BadCorrelationId = id.Trim() }, ("X-Correlation-Id", Utf8AsLatin1(id))));
        }
        (string Label, (string, string)[] Headers)[] others =
        [
            ("a control byte in a header value", [("X-Fuzz", "a\u0001b")]),
            ("an empty Host", [("Host", "")]),
            ("60 medium headers", [.. Enumerable.Range(0, 60).Select(i => ($"X-Fuzz-{i}", new string('m', 200)))]),
            ("X-HTTP-Method-Override: DELETE", [("X-HTTP-Method-Override", "DELETE"), ("X-Method-Override", "DELETE")]),
            ("Accept garbage", [("Accept", "application/json;q=abc, */*;q=" + new string('9', 100))]),
            ("Accept-Encoding garbage", [("Accept-Encoding", "gzip;q=NaN, br;q=-1, *;q=2")]),
            ("Expect garbage", [("Expect", "200-ok")]),
            ("Connection garbage", [("Connection", "keep-alive, Upgrade, " + new string('c', 100))]),
            ("Upgrade to h2c", [("Upgrade", "h2c"), ("HTTP2-Settings", "AAMAAABkAAQAAP__")]),
            ("Upgrade to websocket", [("Upgrade", "websocket"), ("Sec-WebSocket-Key", "garbage"), ("Sec-WebSocket-Version", "13")]),
            ("Cookie garbage", [("Cookie", "a=" + new string(';', 100) + "=b")]),
            ("Range garbage", [("Range", "bytes=-0-,999999999999999999999-")]),
            ("If-None-Match garbage", [("If-None-Match", "\"" + new string('x', 1000))]),
            ("If-Modified-Since garbage", [("If-Modified-Since", "yesterday")]),
            ("Origin garbage", [("Origin", "null"), ("Access-Control-Request-Method", "DELETE")]),
            ("X-Forwarded garbage", [("X-Forwarded-For", "::::, 999.1.1.1"), ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Host", "a b")]),
            ("Content-Encoding gzip on a plain body", [("Content-Encoding", "gzip")]),
            ("Transfer-Encoding identity", [("Transfer-Encoding", "identity")]),
        ];
        foreach (var (label, headers) in others.Where(_ => Keep(share / 2)))
        {
            cases.Add(WithHeaders(Carrier(route, "headers", label) with { AutoHost = !headers.Any(h => h.Item1 == "Host") }, headers));
        }
        if (route.HasBody)
        {
            cases.AddRange(Framing(route, share));
        }
        return cases;
    }

    /// <summary>Broken message framing around a valid body: Content-Length lies, bad chunked encoding.</summary>
    private List<RawRequest> Framing(FuzzRoute route, double share)
    {
        var valid = Bytes(Render(route.Shapes[0]));
        var cases = new List<RawRequest>();
        RawRequest Framed(string mutation, byte[] body, params (string, string)[] headers) =>
            WithHeaders(Request(route, "framing", mutation, null) with { Body = body, AutoContentLength = false }, [("Content-Type", "application/json"), .. headers]);
        string Hex(int n) => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        byte[] Chunk(string size, byte[] data, string end = "\r\n0\r\n\r\n") => [.. Encoding.Latin1.GetBytes(size + "\r\n"), .. data, .. Encoding.Latin1.GetBytes(end)];

        var all = new List<RawRequest>
        {
            Framed("Content-Length 10 more than the body, then the client half-closes", valid, ("Content-Length", $"{valid.Length + 10}")) with { HalfClose = true },
            Framed("Content-Length 1 less than the body", valid, ("Content-Length", $"{valid.Length - 1}")),
            Framed("Content-Length half the body", valid, ("Content-Length", $"{valid.Length / 2}")),
            Framed("Content-Length 0 with a body", valid, ("Content-Length", "0")),
            Framed("two different Content-Lengths", valid, ("Content-Length", $"{valid.Length}"), ("Content-Length", $"{valid.Length + 1}")),
            Framed("Content-Length as a list", valid, ("Content-Length", $"{valid.Length}, {valid.Length + 1}")),
            Framed("Content-Length abc", valid, ("Content-Length", "abc")),
            Framed("Content-Length -1", valid, ("Content-Length", "-1")),
            Framed("Content-Length 1e3", valid, ("Content-Length", "1e3")),
            Framed("Content-Length of 20 digits", valid, ("Content-Length", "99999999999999999999")),
            Framed("Content-Length in hex", valid, ("Content-Length", $"0x{Hex(valid.Length)}")),
            Framed("Transfer-Encoding gzip (not chunked)", valid, ("Transfer-Encoding", "gzip")),
            Framed("Transfer-Encoding xchunked", valid, ("Transfer-Encoding", "xchunked")),
            Framed("Transfer-Encoding chunked, gzip", Chunk(Hex(valid.Length), valid), ("Transfer-Encoding", "chunked, gzip")),
            Framed("chunk size not hex", Chunk("zz", valid), ("Transfer-Encoding", "chunked")),
            Framed("chunk size of 20 hex digits", Chunk("FFFFFFFFFFFFFFFFFFFF", valid), ("Transfer-Encoding", "chunked")),
            Framed("chunk size smaller than the data", Chunk(Hex(valid.Length - 3), valid), ("Transfer-Encoding", "chunked")),
            Framed("chunk size larger than the data, then half-closed", Chunk(Hex(valid.Length + 30), valid, "\r\n"), ("Transfer-Encoding", "chunked")) with { HalfClose = true },
            Framed("no last chunk, then half-closed", Chunk(Hex(valid.Length), valid, "\r\n"), ("Transfer-Encoding", "chunked")) with { HalfClose = true },
            Framed("chunk without its CRLF", Chunk(Hex(valid.Length), valid, "0\r\n\r\n"), ("Transfer-Encoding", "chunked")),
            Framed("chunk extension ending in a bare LF", Chunk(Hex(valid.Length) + ";x=1\n", valid), ("Transfer-Encoding", "chunked")),
            Framed("negative chunk size", Chunk("-" + Hex(valid.Length), valid), ("Transfer-Encoding", "chunked")),
            Framed("Content-Length and chunked together, broken body", Chunk(Hex(valid.Length - 1), valid[..^1]),
                ("Content-Length", $"{valid.Length}"), ("Transfer-Encoding", "chunked")),
        };
        cases.AddRange(all.Where(_ => Keep(share)));
        return cases;
    }

    // ---------------------------------------------------------------- paths, queries, methods, request lines

    /// <summary>Ids that are surely not the route's target id (also after percent-decoding), with what was done.</summary>
    public List<(string Label, string Id)> IdMutations(FuzzRoute route, bool changes)
    {
        var id = target.Fill(route.IdToken!);
        var list = new List<(string, string)>();
        foreach (var suffix in new[]
        {
            "x", "%00", "%FF", "%2F", "%2Fx", "%5C", "%20", "%E2%98%83", "%C0%AF", "%ED%A0%80", ";x", "%3B", "%25", "%", "%G1", "%2",
            "%22", "%3C", "%0A", "%0D%0A", "%09", "~", "!", "$", "(", "*", "+", ",", "=", "@", ":", "%2E", "%u0041", "/..", "/.",
        })
        {
            list.Add(($"id + {suffix}", id + suffix));
        }
        foreach (var prefix in new[] { "x", "%00", "%2E%2E%2F", "..%2F", "%20", "+", "~" })
        {
            list.Add(($"{prefix} + id", prefix + id));
        }
        list.AddRange(
        [
            ("200 chars", new string('x', 200)), ("5,000 chars", new string('x', 5000)), ("8,300 chars", new string('x', 8300)),
            ("20,000 chars", new string('x', 20_000)), ("%00", "%00"), ("..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd"),
            ("%2e%2e", "%2e%2e"), (".", "."), ("..", ".."), ("hold of an unknown event", "hld_x.evt_nosuchevent0"),
            ("unknown hold of the event", target.Fill("hld_zzzzzzzzzzzz.{E}")), ("unknown reservation of the event", target.Fill("rsv_zzzzzzzzzzzz.{E}")),
            ("Japanese, percent-encoded", "%E6%97%A5%E6%9C%AC"), ("emoji, percent-encoded", "%F0%9F%8E%AB"), ("U+FFFF, percent-encoded", "%EF%BF%BF"),
            ("raw UTF-8 bytes", Utf8AsLatin1("日本")), ("raw 0xFF byte", Latin1(0xFF)), ("double-encoded dots", "%252e%252e"),
            ("backslashes", "..\\..\\x"), ("the id twice", id + id), ("matrix parameter", id + ";jsessionid=x"),
            ("id without its last char", id[..^1]),
        ]);
        if (id.IndexOf('.') is > 0 and var dot)
        {
            list.Add(("the id's local part only", id[..dot]));
            list.Add(("the event part only", id[(dot + 1)..]));
        }
        if (id.ToUpperInvariant() != id)
        {
            list.Add(("upper-cased id", id.ToUpperInvariant()));
        }
        if (id.ToLowerInvariant() != id)
        {
            list.Add(("lower-cased id", id.ToLowerInvariant()));
        }
        // The ids of other kinds of thing. A reservation is a booking, so DELETE /bookings/{reservation} is valid.
        foreach (var (label, other) in new[] { ("the hold id", target.HoldId), ("the booking id", target.BookingId), ("the reservation id", target.ReservationId), ("the event id", target.EventId) })
        {
            var validElsewhere = route.IdToken == "{B}" && other == target.ReservationId;
            if (other != id && !(changes && validElsewhere))
            {
                list.Add((label, other));
            }
        }
        if (!changes)
        {
            list.Add(("id + /", id + "/"));
            list.Add(("id + #fragment", id + "#x"));
            list.Add(("empty id", ""));
        }
        return list;
    }

    private string PathWithId(FuzzRoute route, string id) => target.Fill(route.Path.Replace(route.IdToken!, id));

    /// <summary>Odd ids in the path, garbage query strings, every unmapped method, odd request lines.</summary>
    public List<RawRequest> Paths(FuzzRoute route, double share)
    {
        var cases = new List<RawRequest>();
        if (route.IdToken is not null)
        {
            foreach (var (label, id) in IdMutations(route, route.Changes).Where(_ => Keep(share)))
            {
                var request = Request(route, "paths", $"id {label}", route.HasBody ? Render(route.Shapes[0]) : null) with { Target = PathWithId(route, id) };
                cases.Add(id.Length > 8192 ? request with { ExactStatus = 414 } : request);
            }
        }
        string[] queries =
        [
            "?%00", "?a=%FF", "?" + new string('q', 7000), "?&&&==", "?a[]=1&a[]=2", "?__proto__[x]=1", "?%", "?%zz", "?x=" + Utf8AsLatin1("日本"),
            "?page=%FF&page_size=-1", "?page_size=1&page_size=2",
        ];
        foreach (var query in queries.Where(_ => Keep(share / 2)))
        {
            var request = Carrier(route, "paths", $"query {Quote(query)}");
            cases.Add(request with { Target = request.Target + (request.Target.Contains('?') ? "&" + query[1..] : query) });
        }
        if (route is { Method: "GET", Pattern: "/events" or "/api/v1/events" })
        {
            string[] sizes = ["abc", "-1", "0", "201", "1.5", "1e3", "99999999999", "", "%00", "%FF", "20%00", "%2020", "%2B20", "0x14", "%EF%BC%92%EF%BC%90", "20&page_size=30", new string('9', 10_000)];
            string[] pages = ["%FF", new string('x', 5000), "..%2F", "evt_nosuchevent0", "", "%00", target.HoldId, "evt_a%2Fb"];
            cases.AddRange(sizes.Select(s => Request(route, "paths", $"page_size={s}", null) with { Target = $"{route.Path}?page_size={s}" }));
            cases.AddRange(pages.Select(p => Request(route, "paths", $"page={FuzzValues.Short(p)}", null) with { Target = $"{route.Path}?page={p}" }));
        }
        return cases;
    }

    /// <summary>Every method a path does not map (405), odd method tokens, and odd request lines.</summary>
    public List<RawRequest> Methods(string path, IReadOnlyList<FuzzRoute> mapped, double share)
    {
        var cases = new List<RawRequest>();
        var body = mapped.FirstOrDefault(r => r.HasBody);
        var route = mapped[0];
        string[] odd = ["FOO", "CONNECT", "PROPFIND", "BREW", "G(T", new string('M', 1000), "GET\u0001"];
        var reads = mapped.Any(r => r.Method == "GET");
        foreach (var method in FuzzRoutes.Methods.Concat(odd).Where(m => mapped.All(r => r.Method != m)).Where(_ => Keep(share)))
        {
            var request = Request(route, "methods", $"method {Quote(method)} (unmapped)", body is null ? null : Render(body.Shapes[0])) with
            {
                Method = method,
                Verdict = method == "HEAD" && reads ? Verdict.Read : Verdict.Refused,
            };
            cases.Add(request);
        }
        if (Keep(share))
        {
            cases.Add(Request(route, "request line", "request target over 8 KB", null) with { Method = "GET", Target = target.Fill(path) + "?" + new string('q', 8300), ExactStatus = 414, Verdict = Verdict.Refused });
        }
        (string Label, string Target)[] lines =
        [
            ("asterisk-form target", "*"), ("authority-form target", "localhost:80"), ("target without a leading slash", target.Fill(path)[1..]),
            ("space inside the target", target.Fill(path) + " x"), ("tab inside the target", target.Fill(path) + "\tx"),
            ("DEL byte inside the target", target.Fill(path) + "\u007f"), ("raw UTF-8 inside the target", target.Fill(path) + Utf8AsLatin1("é")),
            ("NUL byte inside the target", target.Fill(path) + "\0"),
        ];
        foreach (var (label, line) in lines.Where(_ => Keep(share)))
        {
            cases.Add(Request(route, "request line", label, body is null ? null : Render(body.Shapes[0])) with { Method = route.Method, Target = line, Verdict = Verdict.Refused });
        }
        return cases;
    }

    // ---------------------------------------------------------------- plumbing

    private RawRequest Request(FuzzRoute route, string category, string mutation, string? body, string? contentType = "application/json")
    {
        var request = new RawRequest
        {
            Category = category,
            Route = $"{route.Method} {route.Pattern}",
            Mutation = mutation,
            Method = route.Method,
            Target = target.Fill(route.Path),
            Body = body is null ? [] : Bytes(body),
            Verdict = route.Changes ? Verdict.Refused : Verdict.Read,
        };
        if (body is not null && contentType is not null)
        {
            request.Headers.Add(("Content-Type", contentType));
        }
        return request;
    }

    private static RawRequest Chunked(RawRequest request, int chunkSize)
    {
        var body = new List<byte>();
        for (var offset = 0; offset < request.Body.Length; offset += chunkSize)
        {
            var size = Math.Min(chunkSize, request.Body.Length - offset);
            body.AddRange(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            body.AddRange(request.Body.AsSpan(offset, size));
            body.AddRange("\r\n"u8);
        }
        body.AddRange("0\r\n\r\n"u8);
        var chunked = request with { Body = [.. body] };
        chunked.Headers.Add(("Transfer-Encoding", "chunked"));
        return chunked;
    }

    /// <summary>Raw bytes as Latin-1 chars, for header values and request targets.</summary>
    private static string Latin1(params byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static string Utf8AsLatin1(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    private static string Quote(string text) => "\"" + FuzzValues.Short(text) + "\"";
}

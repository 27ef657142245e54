using System.Text;
using static TicketBoss.Tests.Fuzz.FuzzText;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// JSON values that are surely invalid for a slot of a given kind (so a request carrying one must be refused), and
/// the syntax breakers. Every value is JSON text (possibly broken on purpose); U+F7xx chars are raw bytes.
/// </summary>
internal static class FuzzValues
{
    public static readonly string Bom = Raw(0xEF, 0xBB, 0xBF);

    private static readonly string HundredKb = new('a', 100 * 1024);

    /// <summary>Deeply nested arrays, objects or both, closed or not; depth 17 (one past the limit of 16) to 10,000.</summary>
    public static string Deep(Random rng)
    {
        int[] depths = [17, 64, 1_000, 10_000, rng.Next(17, 10_001)];
        var depth = depths[rng.Next(depths.Length)];
        return rng.Next(5) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            2 => string.Concat(Enumerable.Repeat("[{\"a\":", depth / 2)) + "null" + string.Concat(Enumerable.Repeat("}]", depth / 2)),
            3 => new string('[', depth),
            _ => string.Concat(Enumerable.Repeat("{\"a\":[", depth / 2)) + string.Concat(Enumerable.Repeat("]}", depth / 2)),
        };
    }

    /// <summary>Values of the wrong JSON type for the kind (these fail wherever they appear, even if overwritten).</summary>
    public static string[] TypeErrors(SlotKind kind) => kind switch
    {
        SlotKind.Text => ["5", "-0", "1e400", "true", "[\"x\"]", "[]", "{}", "{\"a\":\"b\"}"],
        SlotKind.Int => ["\"5\"", "true", "[2]", "{}", "1.5", "1e400", "99999999999999999999", "\"\""],
        SlotKind.Bool => ["1", "0", "\"true\"", "[]", "{}", "\"\""],
        SlotKind.Date => ["123", "true", "[]", "{}", "\"tomorrow\""],
        SlotKind.Seats => ["\"5\"", "5", "{}", "true"],
        SlotKind.SeatMap => ["\"A1-A9\"", "[]", "5", "true", "{\"rows\":\"x\"}"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every value surely invalid for the slot: type errors, out-of-range values, broken text, deep nesting.</summary>
    public static List<(string Label, string Json)> Invalid(Slot slot, Random rng)
    {
        var values = new List<(string, string)>();
        void Add(string label, string json) => values.Add((label, json));
        foreach (var typeError in TypeErrors(slot.Kind))
        {
            Add("wrong type " + Short(typeError), typeError);
        }
        if (slot.Required)
        {
            Add("null for a required field", "null");
        }
        Add("deep nesting", Deep(rng));
        foreach (var extra in slot.Extra)
        {
            Add("invalid for this field: " + Short(extra), extra);
        }
        switch (slot.Kind)
        {
            case SlotKind.Text:
                var inner = slot.Valid[1..^1];
                string Insert(string what)
                {
                    var at = rng.Next(inner.Length + 1);
                    return "\"" + inner[..at] + what + inner[at..] + "\"";
                }
                Add("empty string", "\"\"");
                Add("blank string", "\"   \"");
                Add("100 KB string", "\"" + HundredKb + "\"");
                Add("50 K non-ASCII chars", "\"" + new string('é', 50 * 1024) + "\"");
                foreach (var (label, what) in new[]
                {
                    ("escaped NUL", "\\u0000"), ("escaped ESC", "\\u001b"), ("escaped BEL", "\\u0007"), ("escaped DEL", "\\u007f"),
                    ("escaped newline", "\\n"), ("lone high surrogate", "\\ud800"), ("lone low surrogate", "\\udfff"),
                    ("reversed surrogate pair", "\\udc00\\ud800"), ("raw NUL byte", Raw(0x00)), ("raw control byte", Raw(0x01)),
                    ("raw newline", "\n"), ("raw tab", "\t"), ("invalid UTF-8 0xFF", Raw(0xFF)), ("overlong UTF-8", Raw(0xC0, 0xAF)),
                    ("UTF-8 encoded surrogate", Raw(0xED, 0xA0, 0x80)), ("lone continuation byte", Raw(0x80)),
                    ("truncated UTF-8 sequence", Raw(0xE2, 0x82)), ("5-byte UTF-8", Raw(0xF8, 0x88, 0x80, 0x80, 0x80)),
                    ("invalid escape \\x", "\\x41"), ("short \\u escape", "\\u12G4"), ("unknown escape", "\\q"),
                })
                {
                    Add(label + " in the string", Insert(what));
                }
                Add("unquoted text", "abc");
                Add("single-quoted text", "'" + inner + "'");
                Add("unterminated string", "\"" + inner);
                break;
            case SlotKind.Int:
                foreach (var n in new[]
                {
                    "-1e400", "2147483648", "-2147483649", "-0.5", "-0", "0", "-1", "-100", "-2147483648", "1.0", "2e0",
                    "NaN", "Infinity", "-Infinity", "+2", "02", ".5", "2.", "0x2", "1_000", "2 3", "--1", "1e", "\"NaN\"",
                })
                {
                    Add("number " + n, n);
                }
                break;
            case SlotKind.Bool:
                foreach (var b in new[] { "\"yes\"", "True", "tru", "1e400", "nul", "\"false\"" })
                {
                    Add("bool " + b, b);
                }
                break;
            case SlotKind.Date:
                foreach (var d in new[]
                {
                    "\"\"", "\"2030-13-01T00:00:00Z\"", "\"2030-01-01T25:00:00Z\"", "\"2030-02-30T20:00:00Z\"",
                    "\"2030-01-01T00:00:00+25:00\"", "\"-0001-01-01T00:00:00Z\"", "\"10000-01-01T00:00:00Z\"",
                    "\"2030-05-01T20:00:00Z\\u0000\"", "\"2030-05-01T20:00:00Z" + Raw(0xFF) + "\"", "\"" + HundredKb + "\"", "1e400",
                })
                {
                    Add("date " + Short(d), d);
                }
                break;
            case SlotKind.Seats:
                foreach (var s in new[]
                {
                    "[]", "[null]", "[1.5]", "[1e400]", "[true]", "[[5]]", "[{}]", "[-1]", "[0]", "[\"05\"]", "[\"5\",\"5\"]", "[\"5\",5]",
                    "[" + string.Join(',', Enumerable.Range(1, 101)) + "]", "[\"1\"]", "[9]", "[\"ZZ\"]", "[\"\\ud800\"]",
                    "[\"5" + Raw(0xFF) + "\"]", "[2147483648]", "[\"" + HundredKb + "\"]", "[\"\"]", "[\"5\\u0000\"]", "[\"5\",]",
                })
                {
                    Add("seats " + Short(s), s);
                }
                break;
            case SlotKind.SeatMap:
                foreach (var m in new[]
                {
                    "{}", "{\"rows\":[]}", "{\"rows\":[null]}", "{\"rows\":[{\"row\":\"A\",\"seats\":0}]}",
                    "{\"rows\":[{\"row\":\"A\",\"seats\":1e400}]}", "{\"rows\":[{\"row\":\"A\",\"seats\":600000},{\"row\":\"B\",\"seats\":600000}]}",
                    "{\"rows\":[{\"row\":\"A\",\"labels\":[\"1\",\"1\"]}]}",
                    "{\"rows\":[{\"row\":\"A\",\"seats\":2}],\"sections\":[{\"name\":\"S\",\"rows\":[{\"row\":\"B\",\"seats\":2}]}]}",
                    "{\"sections\":[]}", "{\"sections\":[null]}", "{\"sections\":[{\"name\":\"S\"}]}",
                    "{\"rows\":[{\"row\":\"A\",\"labels\":[\"A 1\"]}]}", "{\"rows\":[{\"row\":\"A\",\"seats\":3,\"labels\":[\"A1\"]}]}",
                    "{\"rows\":[{\"row\":\"A\",\"labels\":[null]}]}", "{\"rows\":[{\"row\":\"" + HundredKb + "\",\"seats\":1}]}",
                })
                {
                    Add("seat map " + Short(m), m);
                }
                break;
        }
        return values;
    }

    /// <summary>Whole bodies that are never a valid request object (<paramref name="emptyObjectIsValid"/>: PATCH takes {}).</summary>
    public static List<(string Label, string Body)> WholeBodies(Random rng, string valid, bool emptyObjectIsValid)
    {
        var bodies = new List<(string, string)>
        {
            ("empty body", ""), ("whitespace body", " \r\n\t "), ("null", "null"), ("number", "42"), ("string", "\"text\""),
            ("true", "true"), ("empty array", "[]"), ("the valid body in an array", "[" + valid + "]"), ("just {", "{"), ("just }", "}"),
            ("two empty objects", "{}{}"), ("NUL byte", Raw(0x00)), ("invalid UTF-8 only", Raw(0xFF, 0xFE, 0xFD)),
            ("10,000 nested arrays", new string('[', 10_000) + new string(']', 10_000)),
            ("10,000 unclosed arrays", new string('[', 10_000)),
            ("10,000 nested objects", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
            ("17 nested objects", string.Concat(Enumerable.Repeat("{\"a\":", 17)) + "1" + new string('}', 17)),
            ("random nesting", Deep(rng)),
            ("XML", "<hold><qty>2</qty></hold>"), ("form fields", "event_id=x&qty=2"),
            ("random bytes", Raw([.. Enumerable.Range(0, 64).Select(_ => (byte)rng.Next(256))])),
            ("random printable text", new string([.. Enumerable.Range(0, 64).Select(_ => (char)rng.Next(0x20, 0x7F))])),
            ("valid body as a JSON string", System.Text.Json.JsonSerializer.Serialize(valid)),
        };
        if (!emptyObjectIsValid)
        {
            bodies.Add(("empty object", "{}"));
            bodies.Add(("object of nulls", "{\"a\":null}"));
            bodies.Add(("valid body under a key", "{\"data\":" + valid + "}"));
        }
        return bodies;
    }

    /// <summary>Breaks the syntax of a valid JSON object text in one way each; none of the results is valid JSON.</summary>
    public static List<(string Label, string Body)> SyntaxBreaks(Random rng, string valid)
    {
        var firstString = valid.IndexOf(":\"", StringComparison.Ordinal) + 2;
        var key = valid[1..valid.IndexOf(':')];
        string[] garbage = ["x", "}", "]", ",", "{}", "[]", "null", Raw(0x00), Raw(0x01), "/*c*/", "//c", Bom, Raw(0xFF), "\"", ",{}", " 1", ";", "\u00a0"];
        var breaks = new List<(string, string)>
        {
            ($"truncated", valid[..rng.Next(valid.Length)]),
            ("trailing garbage", valid + garbage[rng.Next(garbage.Length)]),
            ("two bodies", valid + valid),
            ("missing closing brace", valid[..^1]),
            ("extra opening brace", "{" + valid),
            ("extra opening bracket", "[" + valid),
            ("closed by ]", valid[..^1] + "]"),
            ("unbalanced value", valid.Insert(valid.IndexOf(':') + 1, "{")),
            ("block comment", "{/*c*/" + valid[1..]),
            ("line comment", "{//c\n" + valid[1..]),
            ("hash comment", "{#c\n" + valid[1..]),
            ("trailing comma", valid[..^1] + ",}"),
            ("leading comma", "{," + valid[1..]),
            ("missing colon", valid.Remove(valid.IndexOf(':'), 1)),
            ("missing comma", valid.Contains(',') ? valid.Remove(valid.IndexOf(','), 1) : valid + "x"),
            ("unquoted key", "{" + key.Trim('"') + valid[(1 + key.Length)..]),
            ("single quotes", valid.Replace('"', '\'')),
            ("raw control byte in a string", firstString > 1 ? valid.Insert(firstString, Raw(0x01)) : valid + Raw(0x01)),
            ("raw NUL in a string", firstString > 1 ? valid.Insert(firstString, Raw(0x00)) : valid + Raw(0x00)),
            ("invalid escape in a string", firstString > 1 ? valid.Insert(firstString, "\\x41") : valid + "\\x41"),
            ("backslash then 0xFF in a string", firstString > 1 ? valid.Insert(firstString, "\\" + Raw(0xFF)) : valid + "\\"),
            ("invalid UTF-8 outside strings", "{" + Raw(0xFF, 0xFE) + valid[1..]),
            ("lone continuation byte outside strings", "{" + Raw(0x80) + valid[1..]),
            ("two BOMs", Bom + Bom + valid),
            ("BOM before a truncated body", Bom + valid[..^1]),
            ("BOM after the body", valid + Bom),
            ("BOM inside the object", "{" + Bom + valid[1..]),
            ("UTF-16LE with BOM", Raw([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(valid)])),
            ("UTF-16BE with BOM", Raw([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(valid)])),
            ("UTF-16LE without BOM", Raw(Encoding.Unicode.GetBytes(valid))),
            ("UTF-32LE with BOM", Raw([0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(valid)])),
            ("no-break space between tokens", "{\u00a0" + valid[1..]),
            ("vertical tab between tokens", "{\v" + valid[1..]),
            ("form feed between tokens", "{\f" + valid[1..]),
            ("line separator between tokens", "{\u2028" + valid[1..]),
            ("100 KB of spaces then a truncated body", new string(' ', 100 * 1024) + valid[..^1]),
            ("NUL-padded body", valid + new string('\0', 64)),
        };
        return breaks;
    }

    public static string Short(string json) => json.Length <= 40 ? Escape(Encoding.UTF8.GetBytes(json), 40) : Escape(Encoding.UTF8.GetBytes(json[..24]), 40) + $"...({json.Length} chars)";

    private static string Escape(byte[] bytes, int limit)
    {
        var decoded = new StringBuilder();
        foreach (var c in Encoding.UTF8.GetString(bytes))
        {
            decoded.Append(c is >= '\uF700' and <= '\uF7FF' ? $"\\x{c - 0xF700:X2}" : c < ' ' ? $"\\x{(int)c:X2}" : c.ToString());
        }
        return decoded.Length > limit ? decoded.ToString()[..limit] : decoded.ToString();
    }
}

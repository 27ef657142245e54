using System.Text;

namespace TicketBoss.Tests.Fuzz;

/// <summary>What the fuzzer may accept as an answer to a request.</summary>
internal enum Verdict
{
    /// <summary>Any 4xx; the request asks for a change and must be refused without one.</summary>
    Refused,

    /// <summary>A read: 2xx when the mutation left it valid, else 4xx.</summary>
    Read,
}

/// <summary>
/// One generated request, as bytes on the wire. Header values and the request target are written as Latin-1, so
/// a char U+0080..U+00FF is that raw byte; bodies are already bytes (see <see cref="FuzzText.Bytes"/>).
/// </summary>
internal sealed record RawRequest
{
    public RawRequest()
    {
    }

    /// <summary>A copy (for <c>with</c>) with its own header list, and its head written anew.</summary>
    private RawRequest(RawRequest original)
    {
        Category = original.Category;
        Route = original.Route;
        Mutation = original.Mutation;
        Method = original.Method;
        Target = original.Target;
        Headers = [.. original.Headers];
        Body = original.Body;
        AutoContentLength = original.AutoContentLength;
        AutoHost = original.AutoHost;
        WaitForContinue = original.WaitForContinue;
        HalfClose = original.HalfClose;
        Verdict = original.Verdict;
        ExactStatus = original.ExactStatus;
        BadCorrelationId = original.BadCorrelationId;
    }

    public required string Category { get; init; }

    /// <summary>The route as mapped, e.g. <c>DELETE /api/v1/holds/{id}</c>.</summary>
    public required string Route { get; init; }

    /// <summary>What was done to the valid request, in words.</summary>
    public required string Mutation { get; init; }

    public required string Method { get; init; }

    public required string Target { get; init; }

    public List<(string Name, string Value)> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>Write <c>Content-Length</c> for the body (unless a header of the case sets it, or the body is chunked).</summary>
    public bool AutoContentLength { get; init; } = true;

    /// <summary>Write <c>Host</c> (off when the case abuses it).</summary>
    public bool AutoHost { get; init; } = true;

    /// <summary>Send <c>Expect: 100-continue</c> and the body only after a 100.</summary>
    public bool WaitForContinue { get; init; }

    /// <summary>Shut down the sending side after the request (a body shorter than its Content-Length then ends).</summary>
    public bool HalfClose { get; init; }

    public Verdict Verdict { get; init; } = Verdict.Refused;

    /// <summary>The exact status required, when the case proves a limit (413, 431, 414, 412, 400).</summary>
    public int? ExactStatus { get; init; }

    /// <summary>The X-Correlation-Id sent, when it is garbage that must not be echoed.</summary>
    public string? BadCorrelationId { get; init; }

    private byte[]? _head;

    public byte[] Head => _head ??= BuildHead();

    private byte[] BuildHead()
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(" HTTP/1.1\r\n");
        if (AutoHost)
        {
            head.Append("Host: localhost\r\n");
        }
        head.Append("Connection: close\r\n");
        if (AutoContentLength && !Headers.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            && (Body.Length > 0 || Method is "POST" or "PATCH" or "PUT"))
        {
            head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        }
        if (WaitForContinue)
        {
            head.Append("Expect: 100-continue\r\n");
        }
        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    /// <summary>The request as printable text for a failure message: escaped, long runs cut.</summary>
    public string Describe(int limit = 700)
    {
        var all = new byte[Head.Length + Body.Length];
        Head.CopyTo(all, 0);
        Body.CopyTo(all, Head.Length);
        return $"[{Category}] {Route}: {Mutation}{(WaitForContinue ? " (Expect: 100-continue)" : "")}{(HalfClose ? " (then half-closed)" : "")}\n    bytes ({all.Length}): {FuzzText.Escape(all, limit)}";
    }
}

/// <summary>Text helpers: raw bytes inside generated strings, escaping for messages.</summary>
internal static class FuzzText
{
    /// <summary>Private-use chars U+F700..U+F7FF stand for the raw bytes 0x00..0xFF inside generated bodies.</summary>
    public static string Raw(params byte[] bytes) => new([.. bytes.Select(b => (char)(0xF700 + b))]);

    /// <summary>UTF-8 bytes of the text, with every U+F7xx written as the raw byte it stands for.</summary>
    public static byte[] Bytes(string text)
    {
        var bytes = new List<byte>(text.Length + 16);
        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= '\uF700' and <= '\uF7FF')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(run.ToString()));
                run.Clear();
                bytes.Add((byte)(c - 0xF700));
            }
            else
            {
                run.Append(c);
            }
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(run.ToString()));
        return [.. bytes];
    }

    /// <summary>Bytes as ASCII with escapes (\r \n \xNN), runs of one repeated byte shortened, cut at the limit.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int limit)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            var run = 1;
            while (i + run < bytes.Length && bytes[i + run] == bytes[i])
            {
                run++;
            }
            if (run >= 16)
            {
                text.Append(Escape(bytes[i])).Append($"{{x{run}}}");
                i += run - 1;
            }
            else
            {
                text.Append(Escape(bytes[i]));
            }
            if (text.Length > limit)
            {
                text.Append($"...(+{bytes.Length - i - 1} bytes)");
                break;
            }
        }
        return text.ToString();
    }

    private static string Escape(byte b) => b switch
    {
        (byte)'\r' => "\\r",
        (byte)'\n' => "\\n",
        (byte)'\\' => "\\\\",
        >= 0x20 and < 0x7F => ((char)b).ToString(),
        _ => $"\\x{b:X2}",
    };
}

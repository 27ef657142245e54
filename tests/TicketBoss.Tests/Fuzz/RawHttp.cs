using System.Net.Sockets;
using System.Text;

namespace TicketBoss.Tests.Fuzz;

/// <summary>An answer read off the wire: status, headers (names lower-cased), body (empty for HEAD and streams).</summary>
internal sealed record RawAnswer(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, bool Truncated)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string? MediaType => Header("content-type")?.Split(';')[0].Trim().ToLowerInvariant();

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>Why no answer came: the deadline passed, or the connection ended before a status line.</summary>
internal sealed class NoAnswerException(string message, Exception? inner = null, bool hang = false) : Exception(message, inner)
{
    /// <summary>True when the server neither answered nor closed the connection before the deadline.</summary>
    public bool Hang => hang;
}

/// <summary>
/// A deliberately dumb HTTP/1.1 client over a plain socket, so that any bytes can be sent: broken framing, bad
/// header bytes, request lines HttpClient refuses to write. One connection per request (<c>Connection: close</c> is
/// up to the caller); the request is written while the answer is read, so a server that answers early (413, 431)
/// never deadlocks the writer. With <c>Expect: 100-continue</c> the body is sent only after a 100.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawAnswer> SendAsync(Uri server, RawRequest request, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var token = deadline.Token;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, token);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new AnswerReader(stream);
            Task writing;
            if (request.WaitForContinue)
            {
                await stream.WriteAsync(request.Head, token);
                var first = await reader.ReadHeadAsync(token);
                if (first.Status != 100)
                {
                    return await reader.ReadBodyAsync(first, request, token);
                }
                writing = WriteAsync(socket, stream, request.Body, request.HalfClose, token);
            }
            else
            {
                writing = WriteAsync(socket, stream, [.. request.Head, .. request.Body], request.HalfClose, token);
            }
            var head = await reader.ReadHeadAsync(token);
            while (head.Status is >= 100 and < 200)
            {
                head = await reader.ReadHeadAsync(token);
            }
            var answer = await reader.ReadBodyAsync(head, request, token);
            // The server may have stopped reading (it answered early): whatever the writer met is no concern.
            await writing.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            return answer;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new NoAnswerException($"no complete answer within {timeout.TotalSeconds:0.#} s (hang)", hang: true);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            throw new NoAnswerException($"connection failed before an answer: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static async Task WriteAsync(Socket socket, NetworkStream stream, byte[] bytes, bool halfClose, CancellationToken token)
    {
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(64 * 1024, bytes.Length - offset)), token);
            }
            if (halfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server closed early; the answer it sent (if any) is what counts.
        }
    }

    /// <summary>Reads status lines, headers and bodies (Content-Length, chunked, or to the end) from one connection.</summary>
    private sealed class AnswerReader(NetworkStream stream)
    {
        private readonly byte[] _chunk = new byte[16 * 1024];
        private readonly List<byte> _buffer = [];
        private bool _ended;

        public async Task<Head> ReadHeadAsync(CancellationToken token)
        {
            int end;
            while ((end = IndexOf(_buffer, "\r\n\r\n"u8)) < 0)
            {
                if (!await FillAsync(token))
                {
                    throw new NoAnswerException(_buffer.Count == 0
                        ? "the server closed the connection without answering"
                        : $"the server closed the connection mid-answer: {Encoding.Latin1.GetString([.. _buffer.Take(200)])}");
                }
            }
            var text = Encoding.Latin1.GetString([.. _buffer.Take(end)]);
            _buffer.RemoveRange(0, end + 4);
            var lines = text.Split("\r\n");
            var parts = lines[0].Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
            {
                throw new NoAnswerException($"not an HTTP status line: {lines[0]}");
            }
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .Select(p => (p[0].Trim().ToLowerInvariant(), p[1].Trim())).ToList();
            return new Head(status, headers);
        }

        public async Task<RawAnswer> ReadBodyAsync(Head head, RawRequest request, CancellationToken token)
        {
            var answer = (byte[] body, bool truncated) => new RawAnswer(head.Status, head.Headers, body, truncated);
            string? Get(string name) => head.Headers.Where(h => h.Name == name).Select(h => h.Value).FirstOrDefault();
            if (request.Method == "HEAD" || head.Status is 204 or 304)
            {
                return answer([], false);
            }
            if (Get("content-type")?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
            {
                // A live stream never ends: its head is the answer.
                return answer([], true);
            }
            try
            {
                if (Get("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
                {
                    var (chunked, complete) = await ReadChunkedAsync(token);
                    return answer(chunked, !complete);
                }
                if (long.TryParse(Get("content-length"), out var length))
                {
                    while (_buffer.Count < length && await FillAsync(token))
                    {
                    }
                    return answer([.. _buffer.Take((int)Math.Min(length, _buffer.Count))], _buffer.Count < length);
                }
                while (await FillAsync(token))
                {
                }
                return answer([.. _buffer], false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // A reset after the head (the server closed with unread request bytes): the head is the answer.
                return answer([.. _buffer], true);
            }
        }

        /// <summary>The chunked body, and whether it ended with its last (zero-size) chunk rather than a closed connection.</summary>
        private async Task<(byte[] Body, bool Complete)> ReadChunkedAsync(CancellationToken token)
        {
            var body = new List<byte>();
            while (true)
            {
                int lineEnd;
                while ((lineEnd = IndexOf(_buffer, "\r\n"u8)) < 0)
                {
                    if (!await FillAsync(token))
                    {
                        return ([.. body], false);
                    }
                }
                var sizeText = Encoding.Latin1.GetString([.. _buffer.Take(lineEnd)]).Split(';')[0].Trim();
                _buffer.RemoveRange(0, lineEnd + 2);
                var size = Convert.ToInt32(sizeText, 16);
                if (size == 0)
                {
                    return ([.. body], true);
                }
                while (_buffer.Count < size + 2)
                {
                    if (!await FillAsync(token))
                    {
                        body.AddRange(_buffer);
                        return ([.. body], false);
                    }
                }
                body.AddRange(_buffer.Take(size));
                _buffer.RemoveRange(0, size + 2);
            }
        }

        private async Task<bool> FillAsync(CancellationToken token)
        {
            if (_ended)
            {
                return false;
            }
            int read;
            try
            {
                read = await stream.ReadAsync(_chunk, token);
            }
            catch (Exception e) when ((e is IOException or SocketException) && _buffer.Count > 0)
            {
                read = 0;
            }
            if (read == 0)
            {
                _ended = true;
                return false;
            }
            _buffer.AddRange(_chunk.AsSpan(0, read));
            return true;
        }

        private static int IndexOf(List<byte> buffer, ReadOnlySpan<byte> needle)
        {
            for (var i = 0; i + needle.Length <= buffer.Count; i++)
            {
                var match = true;
                for (var j = 0; j < needle.Length && match; j++)
                {
                    match = buffer[i + j] == needle[j];
                }
                if (match)
                {
                    return i;
                }
            }
            return -1;
        }
    }

    internal sealed record Head(int Status, List<(string Name, string Value)> Headers);
}

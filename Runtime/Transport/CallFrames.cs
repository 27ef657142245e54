using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>A call as it arrived on a call stream; its arguments are the JSON after <see cref="ArgumentsOffset"/>.</summary>
internal sealed record InboundCall(
    int Id, int TimeoutMs, int Hops, string GrainType, string GrainKey, string Method, string? CorrelationId, byte[] Frame, int ArgumentsOffset)
{
    public ReadOnlySpan<byte> Arguments => Frame.AsSpan(ArgumentsOffset);
}

/// <summary>
/// The frames of a call stream. Each frame is a 4-byte little-endian length and that many bytes. A call holds its
/// id, timeout in ms, hops, grain type, grain key, method and correlation id, then the JSON argument array; an answer
/// holds the call's id, the outcome and the error type, then the payload. Strings are a 4-byte length (-1: null)
/// and UTF-8.
/// </summary>
internal static class CallFrames
{
    /// <summary>The largest call frame a silo reads, as the per-request endpoint limits its bodies.</summary>
    public const int MaxCallFrameBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest answer frame: the seat map of the largest event is tens of MB. A silo answers a bigger result
    /// with a failure for that call alone.
    /// </summary>
    public const int MaxAnswerFrameBytes = 256 * 1024 * 1024;

    private const int TimeoutOffset = 8;

    // Calls are encoded on the caller's thread into a buffer kept per thread, then copied out once as the frame.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static byte[] EncodeCall(int id, GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline, string? correlationId)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var headerLength = 4 + 4 + 4 + 1 + Size(grainId.Type) + Size(grainId.Key) + Size(method.WireName) + Size(correlationId);
        var header = new SpanWriter(buffer.GetSpan(headerLength));
        header.Int32(0); // the length, known once the arguments are written
        header.Int32(id);
        header.Int32((int)Math.Min(int.MaxValue, (long)deadline.Remaining.TotalMilliseconds));
        header.Byte((byte)Math.Min(byte.MaxValue, deadline.Hops));
        header.String(grainId.Type);
        header.String(grainId.Key);
        header.String(method.WireName);
        header.String(correlationId);
        buffer.Advance(headerLength);
        var json = t_json ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        Wire.WriteArguments(json, method, arguments);
        var frame = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - 4);
        if (buffer.Capacity > KeptBufferBytes)
        {
            // One huge call must not pin its buffer to the thread for good.
            t_buffer = null;
            t_json = null;
        }
        return frame;
    }

    /// <summary>Rewrites the timeout of an encoded call with what is left of its deadline, just before it is sent.</summary>
    public static void RefreshTimeout(byte[] frame, CallDeadline deadline) =>
        BinaryPrimitives.WriteInt32LittleEndian(
            frame.AsSpan(TimeoutOffset), (int)Math.Min(int.MaxValue, (long)deadline.Remaining.TotalMilliseconds));

    /// <summary>The going-away notice: the silo read <paramref name="framesRead"/> call frames of this stream.</summary>
    public static CallAnswer GoingAway(int framesRead)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, framesRead);
        return new CallAnswer(CallOutcome.GoingAway, null, payload);
    }

    public static int FramesRead(CallAnswer goingAway) => BinaryPrimitives.ReadInt32LittleEndian(goingAway.Payload.Span);

    /// <summary>Reads a call frame; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static InboundCall DecodeCall(byte[] frame)
    {
        var reader = new SpanReader(frame);
        var id = reader.Int32();
        var timeoutMs = reader.Int32();
        var hops = reader.Byte();
        var type = reader.String() ?? throw new InvalidDataException("A call frame has no grain type.");
        var key = reader.String() ?? throw new InvalidDataException("A call frame has no grain key.");
        var method = reader.String() ?? throw new InvalidDataException("A call frame has no method.");
        var correlationId = reader.String();
        return new InboundCall(id, timeoutMs, hops, type, key, method, correlationId, frame, reader.Position);
    }

    public static void WriteAnswer(IBufferWriter<byte> output, int id, CallAnswer answer)
    {
        var length = 4 + 1 + Size(answer.ErrorType) + answer.Payload.Length;
        var writer = new SpanWriter(output.GetSpan(4 + length));
        writer.Int32(length);
        writer.Int32(id);
        writer.Byte((byte)answer.Outcome);
        writer.String(answer.ErrorType);
        writer.Bytes(answer.Payload.Span);
        output.Advance(4 + length);
    }

    public static (int Id, CallAnswer Answer) DecodeAnswer(byte[] frame)
    {
        var reader = new SpanReader(frame);
        var id = reader.Int32();
        var outcome = reader.Byte();
        if (outcome > (byte)CallOutcome.GoingAway)
        {
            throw new InvalidDataException($"Unknown call outcome {outcome}.");
        }
        var errorType = reader.String();
        return (id, new CallAnswer((CallOutcome)outcome, errorType, frame.AsMemory(reader.Position)));
    }

    /// <summary>Takes one whole frame (without its length) off the front of <paramref name="buffer"/>, if it holds one.</summary>
    public static bool TryTake(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out byte[] frame)
    {
        frame = [];
        if (buffer.Length < 4)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length > maxFrameBytes)
        {
            throw new InvalidDataException($"A frame of {length} bytes is outside 0..{maxFrameBytes}.");
        }
        if (buffer.Length < 4 + length)
        {
            return false;
        }
        frame = buffer.Slice(4, length).ToArray();
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private static int Size(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private ref struct SpanWriter(Span<byte> span)
    {
        private Span<byte> _rest = span;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_rest, value);
            _rest = _rest[4..];
        }

        public void Byte(byte value)
        {
            _rest[0] = value;
            _rest = _rest[1..];
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }
            var written = Encoding.UTF8.GetBytes(value, _rest[4..]);
            Int32(written);
            _rest = _rest[written..];
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_rest);
            _rest = _rest[value.Length..];
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> _span = span;

        public int Position { get; private set; }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public byte Byte() => Take(1)[0];

        public string? String()
        {
            var length = Int32();
            return length switch
            {
                -1 => null,
                < -1 => throw new InvalidDataException($"A string of {length} bytes."),
                _ => Encoding.UTF8.GetString(Take(length)),
            };
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _span.Length - Position)
            {
                throw new InvalidDataException("A frame ends in the middle of a field.");
            }
            var taken = _span.Slice(Position, count);
            Position += count;
            return taken;
        }
    }
}

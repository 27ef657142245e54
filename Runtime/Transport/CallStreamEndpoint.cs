using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The silo end of a call stream: one long HTTP/2 request whose body carries call frames and whose response carries
/// answer frames. Calls are started in the order they arrive and run concurrently, up to
/// <see cref="MaxCallsInFlight"/> (then the stream stops reading and HTTP/2 flow control holds the caller back);
/// each is answered when it finishes, and answers that finish together leave in one write. When the silo stops,
/// the stream stops reading, answers what it started and says how many calls it read, so the caller knows that
/// the rest never ran.
/// </summary>
internal sealed partial class CallStreamEndpoint(InboundCalls calls, CancellationToken stopping, ILogger logger)
{
    /// <summary>Calls one stream may have running at once, as HTTP/2 limits the streams of a connection.</summary>
    public const int MaxCallsInFlight = 4096;

    public async Task HandleAsync(HttpContext context)
    {
        // A stream lives as long as its caller and may be idle: no body size limit, no minimum data rate.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } requestRate)
        {
            requestRate.MinDataRate = null;
        }
        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } responseRate)
        {
            responseRate.MinDataRate = null;
        }
        var aborted = context.RequestAborted;
        context.Response.ContentType = "application/octet-stream";
        // The caller starts reading answers once it has the response headers.
        await context.Response.StartAsync(aborted);
        var answers = new Answers();
        var writing = WriteAnswersAsync(answers.Reader, context.Response.BodyWriter, aborted);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await ReadCallsAsync(context.Request.BodyReader, answers, reading.Token);
        }
        catch (InvalidDataException e)
        {
            // Without a readable frame there is no call id to answer: stop reading, answer the calls already running.
            LogMalformedStream(logger, e.Message);
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ConnectionAbortedException)
        {
        }
        catch (Exception e)
        {
            // Whatever went wrong, the calls already running are answered and the writer is awaited below.
            LogStreamFailed(logger, e);
        }
        finally
        {
            answers.ReadingEnded(stopping.IsCancellationRequested ? answers.Started : null);
        }
        try
        {
            await writing;
            if (stopping.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                await AwaitCallerCloseAsync(context.Request.BodyReader);
            }
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
        }
    }

    /// <summary>
    /// After the going-away notice, waits (briefly) for the caller to end its side: a server that ends the stream
    /// while the caller still sends resets it, and the caller would lose the notice. Unread calls are dropped.
    /// </summary>
    private static async Task AwaitCallerCloseAsync(PipeReader reader)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(grace.Token);
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionAbortedException)
        {
        }
    }

    private async Task ReadCallsAsync(PipeReader reader, Answers answers, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (CallFrames.TryTake(ref buffer, CallFrames.MaxCallFrameBytes, out var frame))
            {
                await answers.WaitForRoomAsync(cancellationToken);
                Start(CallFrames.DecodeCall(frame), answers);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
        }
    }

    private void Start(InboundCall call, Answers answers)
    {
        answers.Expect();
        var running = calls.RunAsync(call.GrainType, call.GrainKey, call.Method, call.TimeoutMs, call.Hops, call.CorrelationId, call.Arguments);
        if (running.IsCompleted)
        {
            answers.Add(call.Id, running.Result);
        }
        else
        {
            _ = AnswerWhenDoneAsync(call.Id, running, answers);
        }
    }

    private static async Task AnswerWhenDoneAsync(int id, Task<CallAnswer> running, Answers answers) =>
        answers.Add(id, await running.ConfigureAwait(false));

    private static async Task WriteAnswersAsync(ChannelReader<(int Id, CallAnswer Answer)> answers, PipeWriter output, CancellationToken aborted)
    {
        while (await answers.WaitToReadAsync(aborted))
        {
            while (answers.TryRead(out var item))
            {
                CallFrames.WriteAnswer(output, item.Id, item.Answer);
            }
            var flushed = await output.FlushAsync(aborted);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call stream failed while reading calls")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call stream sent a malformed frame and was closed: {Reason}")]
    private static partial void LogMalformedStream(ILogger logger, string reason);

    /// <summary>
    /// The answers waiting to be written, and the calls still running. The channel completes once reading has ended
    /// and every call started is answered; a stopping silo then adds its going-away notice last.
    /// </summary>
    private sealed class Answers
    {
        private const int MaxPayloadBytes = CallFrames.MaxAnswerFrameBytes - 64 * 1024;

        private readonly Channel<(int Id, CallAnswer Answer)> _channel =
            Channel.CreateUnbounded<(int, CallAnswer)>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SemaphoreSlim _room = new(MaxCallsInFlight, MaxCallsInFlight);
        private int _outstanding = 1;
        private int? _goingAwayAfter;

        public ChannelReader<(int Id, CallAnswer Answer)> Reader => _channel.Reader;

        /// <summary>Call frames read and started.</summary>
        public int Started { get; private set; }

        public Task WaitForRoomAsync(CancellationToken cancellationToken) => _room.WaitAsync(cancellationToken);

        public void Expect()
        {
            Started++;
            Interlocked.Increment(ref _outstanding);
        }

        public void Add(int id, CallAnswer answer)
        {
            if (answer.Payload.Length > MaxPayloadBytes)
            {
                answer = new CallAnswer(CallOutcome.Failed, nameof(InvalidOperationException),
                    System.Text.Encoding.UTF8.GetBytes($"The answer of {answer.Payload.Length:N0} bytes is larger than a call stream carries."));
            }
            _channel.Writer.TryWrite((id, answer));
            _room.Release();
            Release();
        }

        /// <summary>No more calls will start; with <paramref name="goingAwayAfter"/>, the silo is stopping and says how many it read.</summary>
        public void ReadingEnded(int? goingAwayAfter)
        {
            _goingAwayAfter = goingAwayAfter;
            Release();
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                if (_goingAwayAfter is { } framesRead)
                {
                    _channel.Writer.TryWrite((0, CallFrames.GoingAway(framesRead)));
                }
                _channel.Writer.TryComplete();
            }
        }
    }
}

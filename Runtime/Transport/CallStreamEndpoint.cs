using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The silo end of a call stream: one long HTTP/2 request whose body carries call frames and whose response carries
/// answer frames. Calls are started in the order they arrive and run concurrently; each is answered when it
/// finishes, and answers that finish together leave in one write.
/// </summary>
internal sealed partial class CallStreamEndpoint(InboundCalls calls, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        // A stream lives as long as its client and may be idle: no body size limit, no minimum data rate.
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
        try
        {
            await ReadCallsAsync(context.Request.BodyReader, answers, aborted);
        }
        catch (InvalidDataException e)
        {
            // Without a readable frame there is no call id to answer: stop reading, answer the calls already running.
            LogMalformedStream(logger, e.Message);
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
        }
        finally
        {
            answers.ReadingEnded();
        }
        try
        {
            await writing;
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
        }
    }

    private async Task ReadCallsAsync(PipeReader reader, Answers answers, CancellationToken aborted)
    {
        while (true)
        {
            var read = await reader.ReadAsync(aborted);
            var buffer = read.Buffer;
            while (CallFrames.TryTake(ref buffer, out var frame))
            {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call stream sent a malformed frame and was closed: {Reason}")]
    private static partial void LogMalformedStream(ILogger logger, string reason);

    /// <summary>The answers waiting to be written; complete once reading has ended and every call started is answered.</summary>
    private sealed class Answers
    {
        private readonly Channel<(int Id, CallAnswer Answer)> _channel =
            Channel.CreateUnbounded<(int, CallAnswer)>(new UnboundedChannelOptions { SingleReader = true });
        private int _outstanding = 1;

        public ChannelReader<(int Id, CallAnswer Answer)> Reader => _channel.Reader;

        public void Expect() => Interlocked.Increment(ref _outstanding);

        public void Add(int id, CallAnswer answer)
        {
            _channel.Writer.TryWrite((id, answer));
            Release();
        }

        public void ReadingEnded() => Release();

        private void Release()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _channel.Writer.TryComplete();
            }
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The calling end of a call stream to one silo: one long HTTP/2 request that carries many calls each way, so that
/// a call costs a frame rather than a request. Calls are written in the order they are queued, calls queued
/// together leave in one write, and each is answered as it finishes. A call that may have reached the silo is
/// never reported as retryable: when the stream breaks or the call's deadline passes, a call still queued fails as
/// retryable (and is never sent), a call already sent fails as outcome unknown, unless the silo said, going away,
/// that it never read it.
/// </summary>
internal sealed class CallStream : IAsyncDisposable
{
    private const int WriteChunkBytes = 64 * 1024;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly SiloMember _silo;
    private readonly ConcurrentDictionary<int, PendingCall> _pending = new();
    private readonly Channel<PendingCall> _outbox = Channel.CreateUnbounded<PendingCall>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Timer _sweep;
    private readonly Task _running;
    private int _lastId;
    private int _sent;
    private int _framesReadBySilo = int.MaxValue;
    private int _writerStarted;
    private int _disposed;
    private volatile bool _broken;

    public CallStream(HttpClient http, SiloMember silo, string clusterKey)
    {
        _silo = silo;
        _sweep = new Timer(_ => FailOverdueCalls(), null, SweepInterval, SweepInterval);
        _running = RunAsync(http, clusterKey);
    }

    /// <summary>True once the stream takes no more calls; its owner opens a new one.</summary>
    public bool IsBroken => _broken;

    /// <summary>Queues one call and waits for its answer, or for its deadline.</summary>
    public Task<CallAnswer> CallAsync(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var id = Interlocked.Increment(ref _lastId);
        var call = new PendingCall(id, CallFrames.EncodeCall(id, grainId, method, arguments, deadline, RequestContext.CorrelationId), grainId, deadline);
        _pending[id] = call;
        if (_broken || !_outbox.Writer.TryWrite(call))
        {
            Finish(id, call, new GrainUnavailableException($"The call stream to silo {_silo.Id} is closed."));
        }
        return call.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _broken = true;
        _outbox.Writer.TryComplete();
        await _closing.CancelAsync();
        await _running;
        _closing.Dispose();
    }

    private async Task RunAsync(HttpClient http, string clusterKey)
    {
        Exception? failure = null;
        var reachedSilo = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_silo.Address}{Wire.CallStreamPath}")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new OutboxContent(this),
            };
            request.Headers.Add(Wire.ClusterKeyHeader, clusterKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _closing.Token).ConfigureAwait(false);
            reachedSilo = true;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ClusterKeyRefusedException($"Silo {_silo.Id} refused the cluster key.");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new GrainUnavailableException($"Silo {_silo.Id} answered {(int)response.StatusCode} to a call stream.");
            }
            await using var body = await response.Content.ReadAsStreamAsync(_closing.Token).ConfigureAwait(false);
            await ReadAnswersAsync(PipeReader.Create(body), _closing.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError && !reachedSilo)
        {
            failure = new SiloUnreachableException($"Silo {_silo.Id} at {_silo.Address} refused the connection.", e);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            _broken = true;
            _outbox.Writer.TryComplete();
            FailAll(failure);
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadAnswersAsync(PipeReader reader, CancellationToken closing)
    {
        while (true)
        {
            var read = await reader.ReadAsync(closing).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (CallFrames.TryTake(ref buffer, CallFrames.MaxAnswerFrameBytes, out var frame))
            {
                var (id, answer) = CallFrames.DecodeAnswer(frame);
                if (answer.Outcome == CallOutcome.GoingAway)
                {
                    // The silo is stopping: no new call may go this way, and calls it did not read never ran.
                    Volatile.Write(ref _framesReadBySilo, CallFrames.FramesRead(answer));
                    _broken = true;
                    _outbox.Writer.TryComplete();
                }
                else if (_pending.TryRemove(id, out var call))
                {
                    call.TrySetResult(answer);
                }
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task WriteCallsAsync(Stream output, CancellationToken cancellationToken)
    {
        // A request is sent again only if the silo refused it unread; calls taken by the first attempt would be lost.
        if (Interlocked.Exchange(ref _writerStarted, 1) == 1)
        {
            throw new InvalidOperationException("A call stream cannot be sent twice.");
        }
        var chunk = new ArrayBufferWriter<byte>(WriteChunkBytes);
        var calls = _outbox.Reader;
        while (await calls.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (chunk.WrittenCount < WriteChunkBytes && calls.TryRead(out var call))
            {
                if (call.Deadline.Remaining == TimeSpan.Zero)
                {
                    FailOverdue(call);
                    continue;
                }
                // Marked before the write: from here the call may reach the silo, so it is never retried.
                if (call.TryMarkSent(_sent))
                {
                    _sent++;
                    CallFrames.RefreshTimeout(call.Frame, call.Deadline);
                    chunk.Write(call.Frame);
                }
            }
            if (chunk.WrittenCount > 0)
            {
                await output.WriteAsync(chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                chunk.ResetWrittenCount();
            }
        }
    }

    private void FailAll(Exception? failure)
    {
        var framesRead = Volatile.Read(ref _framesReadBySilo);
        foreach (var (id, call) in _pending)
        {
            var neverSent = call.TryExpire();
            Finish(id, call,
                failure is ClusterKeyRefusedException ? failure
                : neverSent && failure is SiloUnreachableException ? failure
                : neverSent || call.SendSequence >= framesRead
                    ? new GrainUnavailableException($"The call stream to silo {_silo.Id} closed before a call to {call.GrainId} was read.", failure)
                    : new CallOutcomeUnknownException($"The call stream to silo {_silo.Id} broke during a call to {call.GrainId}.", failure));
        }
    }

    private void FailOverdueCalls()
    {
        foreach (var (_, call) in _pending)
        {
            if (call.Deadline.Remaining == TimeSpan.Zero)
            {
                FailOverdue(call);
            }
        }
    }

    /// <summary>A call queued past its deadline never leaves; one already sent may have run.</summary>
    private void FailOverdue(PendingCall call) => Finish(call.Id, call, call.TryExpire()
        ? new TimeoutException($"No call stream to silo {_silo.Id} could send the call to {call.GrainId} in time.")
        : new CallOutcomeUnknownException($"Silo {_silo.Id} did not answer the call to {call.GrainId} in time; it may or may not have run."));

    private void Finish(int id, PendingCall call, Exception error)
    {
        if (_pending.TryRemove(id, out _))
        {
            call.TryExpire();
            call.TrySetException(error);
        }
    }

    private sealed class ClusterKeyRefusedException(string message) : InvalidOperationException(message);

    private sealed class PendingCall(int id, byte[] frame, GrainId grainId, CallDeadline deadline)
        : TaskCompletionSource<CallAnswer>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Queued = 0;
        private const int Sent = 1;
        private const int Expired = 2;

        private int _state;

        public byte[] Frame => frame;

        public int Id => id;

        public GrainId GrainId => grainId;

        public CallDeadline Deadline => deadline;

        /// <summary>The call's place in the order the stream sent its calls.</summary>
        public int SendSequence { get; private set; } = int.MaxValue;

        public bool IsExpired => Volatile.Read(ref _state) == Expired;

        public bool TryMarkSent(int sequence)
        {
            SendSequence = sequence;
            return Interlocked.CompareExchange(ref _state, Sent, Queued) == Queued;
        }

        /// <summary>True if the call was still queued: it will never be sent.</summary>
        public bool TryExpire() => Interlocked.CompareExchange(ref _state, Expired, Queued) == Queued || IsExpired;
    }

    /// <summary>The request body: the calls, written for as long as the stream lives.</summary>
    private sealed class OutboxContent(CallStream stream) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream output, TransportContext? context) =>
            SerializeToStreamAsync(output, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream output, TransportContext? context, CancellationToken cancellationToken) =>
            stream.WriteCallsAsync(output, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

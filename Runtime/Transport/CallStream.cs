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
/// a call costs a frame rather than a request. Calls are written in the order they are made, calls made together
/// leave in one write, and each is answered as it finishes. When the stream breaks, a call it had sent fails as
/// outcome unknown and a call it had not sent fails as retryable.
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
    private volatile bool _broken;

    public CallStream(HttpClient http, SiloMember silo, string clusterKey)
    {
        _silo = silo;
        _sweep = new Timer(_ => FailOverdueCalls(), null, SweepInterval, SweepInterval);
        _running = RunAsync(http, clusterKey);
    }

    /// <summary>True once the stream can take no more calls; its owner opens a new one.</summary>
    public bool IsBroken => _broken;

    /// <summary>Sends one call and waits for its answer, or for its deadline.</summary>
    public Task<CallAnswer> CallAsync(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var id = Interlocked.Increment(ref _lastId);
        var call = new PendingCall(CallFrames.EncodeCall(id, grainId, method, arguments, deadline, RequestContext.CorrelationId), grainId, deadline);
        _pending[id] = call;
        if (_broken || !_outbox.Writer.TryWrite(call))
        {
            _pending.TryRemove(id, out _);
            call.TrySetException(new GrainUnavailableException($"The call stream to silo {_silo.Id} is closed."));
        }
        return call.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        _outbox.Writer.TryComplete();
        await _closing.CancelAsync();
        await _running;
        await _sweep.DisposeAsync();
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
                throw new InvalidOperationException($"Silo {_silo.Id} refused the cluster key.");
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
        }
    }

    private async Task ReadAnswersAsync(PipeReader reader, CancellationToken closing)
    {
        while (true)
        {
            var read = await reader.ReadAsync(closing).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (CallFrames.TryTake(ref buffer, out var frame))
            {
                var (id, answer) = CallFrames.DecodeAnswer(frame);
                if (_pending.TryRemove(id, out var call))
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
        var chunk = new ArrayBufferWriter<byte>(WriteChunkBytes);
        var calls = _outbox.Reader;
        while (await calls.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (chunk.WrittenCount < WriteChunkBytes && calls.TryRead(out var call))
            {
                // Marked before the write: a call that may have reached the silo must never be retried.
                call.Sent = true;
                chunk.Write(call.Frame);
            }
            await output.WriteAsync(chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            chunk.ResetWrittenCount();
        }
    }

    private void FailAll(Exception? failure)
    {
        foreach (var (id, call) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                call.TrySetException(failure switch
                {
                    InvalidOperationException refused => refused,
                    _ when call.Sent => new CallOutcomeUnknownException($"The call stream to silo {_silo.Id} broke during a call to {call.GrainId}.", failure),
                    SiloUnreachableException unreachable => unreachable,
                    _ => new GrainUnavailableException($"The call stream to silo {_silo.Id} closed before a call to {call.GrainId} was sent.", failure),
                });
            }
        }
    }

    private void FailOverdueCalls()
    {
        foreach (var (id, call) in _pending)
        {
            if (call.Deadline.Remaining == TimeSpan.Zero && _pending.TryRemove(id, out _))
            {
                call.TrySetException(new TimeoutException($"Silo {_silo.Id} did not answer {call.GrainId} in time."));
            }
        }
    }

    private sealed class PendingCall(byte[] frame, GrainId grainId, CallDeadline deadline)
        : TaskCompletionSource<CallAnswer>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public byte[] Frame => frame;

        public GrainId GrainId => grainId;

        public CallDeadline Deadline => deadline;

        /// <summary>Set once the frame is handed to the connection: from then on the call may have run.</summary>
        public bool Sent
        {
            get => Volatile.Read(ref _sent);
            set => Volatile.Write(ref _sent, value);
        }

        private bool _sent;
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

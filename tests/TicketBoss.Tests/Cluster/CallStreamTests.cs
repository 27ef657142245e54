using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using TicketBoss.Grains;
using TicketBoss.Runtime;
using TicketBoss.Runtime.Client;
using TicketBoss.Runtime.Invocation;
using TicketBoss.Runtime.Transport;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Runtime;
using static TicketBoss.Tests.Cluster.ClusterTestHelpers;

namespace TicketBoss.Tests.Cluster;

/// <summary>Grain calls between processes share one HTTP/2 call stream per silo: many calls each way, each answered alone.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class CallStreamTests
{
    [Fact]
    public void ACallAndItsAnswerRoundTripThroughTheirFrames()
    {
        var method = GrainMethod.For(typeof(IEventGrain).GetMethod(nameof(IEventGrain.HoldAsync))!);
        var frame = CallFrames.EncodeCall(
            7, new GrainId("EventGrain", "evt_ünï/ key"), method, [new HoldRequest(Quantity: 3)], CallDeadline.After(TimeSpan.FromSeconds(5), hops: 2), "corr-1");
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(CallFrames.TryTake(ref buffer, CallFrames.MaxCallFrameBytes, out var body));
        Assert.Equal(0, buffer.Length);

        var call = CallFrames.DecodeCall(body);
        Assert.Equal((7, 2, "EventGrain", "evt_ünï/ key", "HoldAsync/1", "corr-1"), (call.Id, call.Hops, call.GrainType, call.GrainKey, call.Method, call.CorrelationId));
        Assert.InRange(call.TimeoutMs, 4000, 5000);
        Assert.Equal(3, ((HoldRequest)Wire.DeserializeArguments(method, call.Arguments)[0]!).Quantity);

        var output = new ArrayBufferWriter<byte>();
        CallFrames.WriteAnswer(output, 7, new CallAnswer(CallOutcome.Failed, "InvalidOperationException", "boom"u8.ToArray()));
        var answers = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(CallFrames.TryTake(ref answers, CallFrames.MaxAnswerFrameBytes, out var answerFrame));
        var (id, answer) = CallFrames.DecodeAnswer(answerFrame);
        Assert.Equal((7, CallOutcome.Failed, "InvalidOperationException", "boom"), (id, answer.Outcome, answer.ErrorType, System.Text.Encoding.UTF8.GetString(answer.Payload.Span)));
    }

    [Fact]
    public void APartialFrameWaitsForTheRestAndAnOversizedOrTruncatedOneIsRefused()
    {
        var method = GrainMethod.For(typeof(IEventGrain).GetMethod(nameof(IEventGrain.GetSnapshotAsync))!);
        var frame = CallFrames.EncodeCall(1, new GrainId("EventGrain", "evt_a"), method, [], CallDeadline.After(TimeSpan.FromSeconds(1)), null);
        var partial = new ReadOnlySequence<byte>(frame.AsMemory(0, frame.Length - 1));
        Assert.False(CallFrames.TryTake(ref partial, CallFrames.MaxCallFrameBytes, out _));
        Assert.Equal(frame.Length - 1, partial.Length);

        var huge = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(huge, CallFrames.MaxCallFrameBytes + 1);
        var oversized = new ReadOnlySequence<byte>(huge);
        Assert.Throws<InvalidDataException>(() => CallFrames.TryTake(ref oversized, CallFrames.MaxCallFrameBytes, out _));

        // A frame whose own length is right but whose fields run past its end.
        Assert.Throws<InvalidDataException>(() => CallFrames.DecodeCall(frame.AsSpan(4, 12).ToArray()));
    }

    [Fact]
    public async Task ManyConcurrentCallsOnOneStreamEachGetTheirOwnAnswer()
    {
        var db = TestDatabase.CreateIsolated("stream");
        await using var cluster = await TestCluster.StartAsync(db, silos: 2);
        var ids = await CreateEventsAsync(cluster.Client, "stream", 20, capacity: 100);

        var holds = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var held = await cluster.Client.Event(ids[i % ids.Count]).HoldAsync(new HoldRequest(Quantity: 1));
            Assert.True(held.IsSuccess, held.Error?.Code);
            return (Event: ids[i % ids.Count], held.Value!.HoldId);
        }));

        Assert.Equal(1000, holds.Select(h => h.HoldId).Distinct().Count());
        Assert.All(holds, h => Assert.EndsWith("." + h.Event, h.HoldId, StringComparison.Ordinal));
        foreach (var id in ids)
        {
            Assert.Equal(50, (await cluster.Client.Event(id).GetSnapshotAsync()).Value!.Held);
        }
        Assert.Equal(1000L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM holds"));
    }

    [Fact]
    public async Task ACallSentButUnansweredByItsDeadlineFailsAsOutcomeUnknownAndTheStreamGoesOn()
    {
        var db = TestDatabase.CreateIsolated("deadline");
        await using var cluster = await TestCluster.StartAsync(db, silos: 1);
        await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
        {
            Seeds = [cluster.Silos[0].Address],
            ClusterKey = TestCluster.Key,
            CallTimeout = TimeSpan.FromMilliseconds(500),
        });
        var probe = client.GetGrain<ITurnProbeGrain>("slow");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        // It reached the silo and may yet run, so it must not look retryable.
        await Assert.ThrowsAsync<CallOutcomeUnknownException>(() => probe.EnterAsync(1, delayMs: 5_000));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));

        // The late answer finds no caller; once the slow call is done, the next call on the same stream is answered.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await probe.CorrelationAsync();
                return true;
            }
            catch (Exception e) when (e is CallOutcomeUnknownException or TimeoutException)
            {
                // Queued behind the slow call past its deadline: dropped unstarted (timeout) or given up on (unknown).
                return false;
            }
        }, TimeSpan.FromSeconds(15), "the grain to answer again after its slow call");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(20));
        // A tuple answer crosses the wire whole.
        var (maxInside, order) = await probe.ReportAsync();
        Assert.Equal(1, maxInside);
        Assert.Equal([1], order);
    }

    [Fact]
    public async Task AMalformedStreamIsClosedAndTheSiloKeepsServing()
    {
        var db = TestDatabase.CreateIsolated("malformed");
        await using var cluster = await TestCluster.StartAsync(db, silos: 1);
        var silo = cluster.Silos[0];
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        var garbage = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(garbage, int.MaxValue);
        using var request = Stream(silo, TestCluster.Key, garbage);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The silo ends the stream without an answer.
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        var created = await cluster.Client.Event("evt_after").CreateAsync(new EventDefinition("After", 5));
        Assert.True(created.IsSuccess, created.Error?.Code);
    }

    [Fact]
    public async Task AStoppingSiloAnswersWhatItReadThenSaysHowManyCallsItReadAndStopsPromptly()
    {
        var db = TestDatabase.CreateIsolated("goingaway");
        await using var cluster = await TestCluster.StartAsync(db, silos: 1);
        var silo = cluster.Silos[0];
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var calls = new System.IO.Pipelines.Pipe();
        using var request = Stream(silo, TestCluster.Key, []);
        request.Content = new DuplexContent(calls.Reader);
        var method = GrainMethod.For(typeof(IEventGrain).GetMethod(nameof(IEventGrain.CreateAsync))!);
        await calls.Writer.WriteAsync(CallFrames.EncodeCall(
            1, new GrainId("EventGrain", "evt_goingaway"), method, [new EventDefinition("Going away", 5)], CallDeadline.After(TimeSpan.FromSeconds(10)), null));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(15));
        var answers = new FrameReader(await response.Content.ReadAsStreamAsync());
        var (id, answer) = CallFrames.DecodeAnswer((await answers.NextAsync())!);
        Assert.Equal((1, CallOutcome.Ok), (id, answer.Outcome));

        // The stream is open and idle: the stop says so at once, and ends the stream as soon as the caller ends its side,
        // without waiting out the server's grace period.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stop = cluster.StopSiloAsync(silo);
        (id, answer) = CallFrames.DecodeAnswer((await answers.NextAsync())!);
        Assert.Equal((0, CallOutcome.GoingAway, 1), (id, answer.Outcome, CallFrames.FramesRead(answer)));
        await calls.Writer.CompleteAsync();
        Assert.Null(await answers.NextAsync());
        await stop;
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task TheCallStreamRefusesCallersWithoutTheClusterKey()
    {
        var db = TestDatabase.CreateIsolated("streamkey");
        await using var cluster = await TestCluster.StartAsync(db, silos: 1);
        var silo = cluster.Silos[0];
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var method = GrainMethod.For(typeof(IEventGrain).GetMethod(nameof(IEventGrain.CreateAsync))!);
        var create = CallFrames.EncodeCall(
            1, new GrainId("EventGrain", "evt_nokey"), method, [new EventDefinition("No key", 5)], CallDeadline.After(TimeSpan.FromSeconds(10)), null);

        foreach (var key in new string?[] { null, "wrong-key", "" })
        {
            using var request = Stream(silo, key, create);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM events"));
    }

    /// <summary>A request body written while the response is read (HttpClient's own contents are sent whole first).</summary>
    private sealed class DuplexContent(System.IO.Pipelines.PipeReader body) : HttpContent
    {
        // Each write is flushed: HttpClient holds back the request headers until the first flush.
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            while (true)
            {
                var read = await body.ReadAsync();
                foreach (var segment in read.Buffer)
                {
                    await stream.WriteAsync(segment);
                }
                await stream.FlushAsync();
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Reads whole frames off a response; null at its end.</summary>
    private sealed class FrameReader(Stream stream)
    {
        private readonly System.IO.Pipelines.PipeReader _reader = System.IO.Pipelines.PipeReader.Create(stream);

        public async Task<byte[]?> NextAsync()
        {
            while (true)
            {
                var read = await _reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
                var buffer = read.Buffer;
                if (CallFrames.TryTake(ref buffer, CallFrames.MaxAnswerFrameBytes, out var frame))
                {
                    _reader.AdvanceTo(buffer.Start);
                    return frame;
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return null;
                }
            }
        }
    }

    private static HttpRequestMessage Stream(ClusterSilo silo, string? key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{silo.Address}/grain/stream")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("tb-cluster-key", key);
        }
        return request;
    }
}

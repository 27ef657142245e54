using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The calling end of the silo transport: HTTP/2 cleartext with prior knowledge, one pooled handler for every silo.
/// Grain calls to a silo share one long-lived call stream; membership, metrics and control requests are plain requests.
/// </summary>
internal sealed class SiloConnections : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _clusterKey;
    private readonly ConcurrentDictionary<string, CallStream> _streams = new();

    public SiloConnections(string clusterKey, TimeSpan connectTimeout)
    {
        _clusterKey = clusterKey;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            // A paused or vanished silo stops answering pings: its connection is dropped instead of hanging calls.
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Calls a grain method on <paramref name="silo"/> over its call stream and returns its answer.</summary>
    public async Task<T> CallAsync<T>(SiloMember silo, GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        var answer = await StreamTo(silo).CallAsync(grainId, method, arguments, deadline).ConfigureAwait(false);
        if (answer.Outcome != CallOutcome.Ok)
        {
            throw CallOutcomes.ToException(answer);
        }
        return method.HasResult ? JsonSerializer.Deserialize<T>(answer.Payload.Span, Wire.Json)! : default!;
    }

    /// <summary>The membership table as <paramref name="silo"/> last read it.</summary>
    public async Task<ClusterView> GetMembersAsync(SiloMember silo, TimeSpan timeout)
    {
        using var request = NewRequest(HttpMethod.Get, silo, Wire.MembersPath);
        var (status, body, _) = await SendAsync(request, silo, default, timeout).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new GrainUnavailableException($"Silo {silo.Address} answered {(int)status} to a membership request.");
        }
        return new ClusterView(JsonSerializer.Deserialize<List<SiloMember>>(body, Wire.Json) ?? []);
    }

    /// <summary>The metrics of <paramref name="silo"/>'s own meters, read now.</summary>
    public async Task<IReadOnlyList<MetricFamily>> GetMetricsAsync(SiloMember silo, TimeSpan timeout)
    {
        using var request = NewRequest(HttpMethod.Get, silo, Wire.MetricsPath);
        var (status, body, _) = await SendAsync(request, silo, default, timeout).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new GrainUnavailableException($"Silo {silo.Address} answered {(int)status} to a metrics request.");
        }
        return JsonSerializer.Deserialize<List<MetricFamily>>(body, Wire.Json) ?? [];
    }

    /// <summary>Tells the new owner of a grain that a previous activation committed up to <paramref name="version"/>.</summary>
    public async Task InvalidateAsync(SiloMember silo, GrainId grainId, long version, TimeSpan timeout)
    {
        using var request = NewRequest(HttpMethod.Post, silo, Wire.InvalidatePath);
        request.Headers.Add(Wire.GrainTypeHeader, grainId.Type);
        request.Headers.Add(Wire.GrainKeyHeader, Wire.EscapeKey(grainId.Key));
        request.Headers.Add(Wire.VersionHeader, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SendAsync(request, silo, grainId, timeout).ConfigureAwait(false);
    }

    /// <summary>Asks a silo to reread the membership table now (a member joined or left).</summary>
    public async Task RefreshAsync(SiloMember silo, TimeSpan timeout)
    {
        using var request = NewRequest(HttpMethod.Post, silo, Wire.RefreshPath);
        await SendAsync(request, silo, default, timeout).ConfigureAwait(false);
    }

    /// <summary>The call streams kept open or not yet let go of, for tests.</summary>
    internal int StreamCount => _streams.Count;

    /// <summary>
    /// Lets go of the call streams that broke. A stream to a silo that left or died breaks on its own (its connection
    /// drops or stops answering pings), but only a new call to the same address would otherwise replace it.
    /// </summary>
    public void PruneBroken()
    {
        foreach (var (address, stream) in _streams)
        {
            if (stream.IsBroken && _streams.TryRemove(KeyValuePair.Create(address, stream)))
            {
                _ = stream.DisposeAsync().AsTask();
            }
        }
    }

    private CallStream StreamTo(SiloMember silo)
    {
        if (_streams.TryGetValue(silo.Address, out var stream) && !stream.IsBroken)
        {
            return stream;
        }
        lock (_streams)
        {
            if (_streams.TryGetValue(silo.Address, out stream) && !stream.IsBroken)
            {
                return stream;
            }
            // A broken stream has failed its calls already; it only needs its resources back.
            if (stream is not null)
            {
                _ = stream.DisposeAsync().AsTask();
            }
            stream = new CallStream(_http, silo, _clusterKey);
            _streams[silo.Address] = stream;
            return stream;
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod verb, SiloMember silo, string path)
    {
        var request = new HttpRequestMessage(verb, $"http://{silo.Address}{path}")
        {
            // h2c with prior knowledge: the silo endpoint speaks HTTP/2 only.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add(Wire.ClusterKeyHeader, _clusterKey);
        return request;
    }

    private async Task<(HttpStatusCode Status, byte[] Body, string? ErrorType)> SendAsync(
        HttpRequestMessage request, SiloMember silo, GrainId grainId, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancel.Token).ConfigureAwait(false);
            var errorType = response.Headers.TryGetValues(Wire.ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
            return (response.StatusCode, body, errorType);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"Silo {silo.Id} did not answer {grainId} within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new SiloUnreachableException($"Silo {silo.Id} at {silo.Address} refused the connection.", e);
        }
        catch (HttpRequestException e)
        {
            throw new CallOutcomeUnknownException($"The connection to silo {silo.Id} broke during a call to {grainId}.", e);
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _http.Dispose();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TicketBoss.Runtime.Cluster;
using TicketBoss.Runtime.Diagnostics;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// The calling end of the silo transport: HTTP/2 cleartext with prior knowledge, one pooled handler for every silo,
/// so calls to a silo are multiplexed over a few long-lived connections.
/// </summary>
internal sealed class SiloConnections : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _clusterKey;

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

    /// <summary>Calls a grain method on <paramref name="silo"/> and returns its answer.</summary>
    public async Task<T> CallAsync<T>(SiloMember silo, GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline)
    {
        using var request = NewRequest(HttpMethod.Post, silo, Wire.CallPath);
        request.Headers.Add(Wire.GrainTypeHeader, grainId.Type);
        request.Headers.Add(Wire.GrainKeyHeader, Wire.EscapeKey(grainId.Key));
        request.Headers.Add(Wire.MethodHeader, method.WireName);
        request.Headers.Add(Wire.TimeoutHeader, ((long)deadline.Remaining.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(Wire.HopsHeader, deadline.Hops.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (RequestContext.CorrelationId is { } correlation)
        {
            request.Headers.TryAddWithoutValidation(Wire.CorrelationHeader, correlation);
        }
        request.Content = new ByteArrayContent(Wire.SerializeArguments(method, arguments));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (status, body, errorType) = await SendAsync(request, silo, grainId, deadline.Remaining).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            return method.HasResult ? JsonSerializer.Deserialize<T>(body, Wire.Json)! : default!;
        }
        var message = System.Text.Encoding.UTF8.GetString(body);
        throw status switch
        {
            HttpStatusCode.Conflict => new StateConflictException(message),
            HttpStatusCode.ServiceUnavailable => new GrainUnavailableException(message),
            HttpStatusCode.GatewayTimeout => new TimeoutException(message),
            HttpStatusCode.BadGateway => new CallOutcomeUnknownException(message),
            HttpStatusCode.Unauthorized => new InvalidOperationException($"Silo {silo.Id} refused the cluster key."),
            _ => new RemoteGrainException(errorType ?? "Exception", message),
        };
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

    public void Dispose() => _http.Dispose();
}

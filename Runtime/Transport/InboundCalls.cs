using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>
/// Runs the calls that reach this silo from other processes, from either endpoint: finds the method, reads the
/// arguments, delivers the call once (the caller retries) and turns the result or the failure into an answer.
/// </summary>
internal sealed partial class InboundCalls(GrainTypeRegistry registry, IGrainCallSender sender, TimeSpan maxTimeout, ILogger logger)
{
    /// <summary>Answers the call; never throws. The arguments are read before this returns.</summary>
    public Task<CallAnswer> RunAsync(
        string grainType, string grainKey, string methodName, long timeoutMs, int hops, string? correlationId, ReadOnlySpan<byte> argumentsJson)
    {
        var method = registry.FindMethod(grainType, methodName);
        if (method is null || timeoutMs < 0 || hops < 0)
        {
            return Task.FromResult(CallAnswer.Bad("ArgumentException", "Unknown grain method or malformed call headers."));
        }
        object?[] arguments;
        try
        {
            arguments = Wire.DeserializeArguments(method, argumentsJson);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return Task.FromResult(CallAnswer.Bad(e.GetType().Name, e.Message));
        }
        var deadline = CallDeadline.After(TimeSpan.FromMilliseconds(Math.Min(timeoutMs, (long)maxTimeout.TotalMilliseconds)), hops);
        return InvokeAsync(new GrainId(grainType, grainKey), method, arguments, deadline, correlationId);
    }

    private async Task<CallAnswer> InvokeAsync(GrainId grainId, GrainMethod method, object?[] arguments, CallDeadline deadline, string? correlationId)
    {
        RequestContext.CorrelationId = correlationId;
        using var scope = correlationId is null ? null : logger.BeginScope("CorrelationId:{CorrelationId}", correlationId);
        try
        {
            var result = await method.SendBoxedAsync(sender, grainId, arguments, deadline).ConfigureAwait(false);
            return new CallAnswer(CallOutcome.Ok, null, JsonSerializer.SerializeToUtf8Bytes(result, method.HasResult ? method.ResultType : typeof(object), Wire.Json));
        }
        catch (Exception e)
        {
            var outcome = CallOutcomes.Of(e);
            if (outcome == CallOutcome.Failed)
            {
                LogGrainFailed(logger, e, grainId, method.WireName);
            }
            return new CallAnswer(outcome, e is RemoteGrainException remote ? remote.RemoteType : e.GetType().Name, Encoding.UTF8.GetBytes(e.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain call {GrainId}.{Method} failed")]
    private static partial void LogGrainFailed(ILogger logger, Exception exception, GrainId grainId, string method);
}

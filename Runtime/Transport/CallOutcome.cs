using System.Net;

namespace TicketBoss.Runtime.Transport;

/// <summary>How a remote grain call ended, as the wire carries it; each maps to one exception on the calling side.</summary>
internal enum CallOutcome : byte
{
    Ok = 0,
    Conflict = 1,
    Unavailable = 2,
    Timeout = 3,
    OutcomeUnknown = 4,
    Failed = 5,
    BadRequest = 6,

    /// <summary>Not an answer: the silo is stopping and read this many call frames (the payload); later ones never ran.</summary>
    GoingAway = 7,
}

/// <summary>The answer to one call: JSON of the result when <see cref="CallOutcome.Ok"/>, else a UTF-8 message.</summary>
internal readonly record struct CallAnswer(CallOutcome Outcome, string? ErrorType, ReadOnlyMemory<byte> Payload)
{
    public static CallAnswer Bad(string errorType, string message) =>
        new(CallOutcome.BadRequest, errorType, System.Text.Encoding.UTF8.GetBytes(message));
}

/// <summary>The one mapping between exceptions, outcomes and the status codes of the per-request endpoint.</summary>
internal static class CallOutcomes
{
    public static CallOutcome Of(Exception e) => e switch
    {
        StateConflictException => CallOutcome.Conflict,
        GrainUnavailableException => CallOutcome.Unavailable,
        TimeoutException => CallOutcome.Timeout,
        CallOutcomeUnknownException => CallOutcome.OutcomeUnknown,
        _ => CallOutcome.Failed,
    };

    /// <summary>The exception a caller sees for an answer that is not <see cref="CallOutcome.Ok"/>.</summary>
    public static Exception ToException(CallAnswer answer)
    {
        var message = System.Text.Encoding.UTF8.GetString(answer.Payload.Span);
        return answer.Outcome switch
        {
            CallOutcome.Conflict => new StateConflictException(message),
            CallOutcome.Unavailable => new GrainUnavailableException(message),
            // The silo dropped the call unstarted at its deadline (one that had started answers OutcomeUnknown).
            CallOutcome.Timeout => new TimeoutException(message),
            CallOutcome.OutcomeUnknown => new CallOutcomeUnknownException(message),
            _ => new RemoteGrainException(answer.ErrorType ?? "Exception", message),
        };
    }

    public static int StatusCode(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Ok => (int)HttpStatusCode.OK,
        CallOutcome.Conflict => (int)HttpStatusCode.Conflict,
        CallOutcome.Unavailable => (int)HttpStatusCode.ServiceUnavailable,
        CallOutcome.Timeout => (int)HttpStatusCode.GatewayTimeout,
        CallOutcome.OutcomeUnknown => (int)HttpStatusCode.BadGateway,
        CallOutcome.BadRequest => (int)HttpStatusCode.BadRequest,
        _ => (int)HttpStatusCode.InternalServerError,
    };
}

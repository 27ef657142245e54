using System.Text.Json;

namespace TicketBoss.Api.Http;

/// <summary>Reads a JSON request body into a contract, turning every way it can be wrong into a 4xx answer.</summary>
public static class JsonBody
{
    /// <summary>Why a body could not be read; each API family answers it in its own error shape.</summary>
    public sealed record Failure(int Status, string Code, string Message)
    {
        public IResult AsProblem() => Problems.Problem(Status, Code, Message);
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>, or why it cannot be read. The body is read whole (Kestrel bounds it) so
    /// that a body that does not bind can be walked again to say exactly why: the field, and what it must be.
    /// </summary>
    public static async Task<(T? Value, Failure? Error)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        // Sized by Content-Length when it is given (Kestrel has bounded it), so that the body is copied once.
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= GatewayApp.MaxRequestBodyBytes ? (int)request.ContentLength.Value : 256);
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (null, new Failure(e.StatusCode, e.StatusCode == 413 ? "body_too_large" : "bad_request", e.Message));
        }
        catch (IOException)
        {
            // Kestrel reports some broken framing (a chunk size that overflows) as a plain IOException.
            return (null, MalformedBody);
        }
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, options);
            return value is null ? (null, Invalid("the request body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            {
                return (null, Invalid("the request body is empty: send a JSON object."));
            }
            if (JsonShape.Explain(body, options.GetTypeInfo(typeof(T))) is { } reason)
            {
                return (null, Invalid(reason));
            }
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            return (null, Invalid($"the request body is not valid JSON{where}."));
        }
        catch (InvalidOperationException)
        {
            // Raised for input System.Text.Json cannot map at all (e.g. invalid UTF-8 inside strings).
            return (null, Invalid("the request body could not be read as JSON: it must be UTF-8 text."));
        }
    }

    /// <summary>The answer to a body whose HTTP framing is broken, so that not even its bytes can be read.</summary>
    public static Failure MalformedBody { get; } = new(StatusCodes.Status400BadRequest, "bad_request", "the request body's framing is malformed.");

    private static Failure Invalid(string message) => new(StatusCodes.Status400BadRequest, TicketBoss.Grains.ErrorCodes.InvalidRequest, message);

    /// <summary>Seat names given as JSON strings or whole numbers, as labels.</summary>
    public static List<string>? SeatLabels(IReadOnlyList<JsonElement>? seats)
    {
        if (seats is null)
        {
            return null;
        }
        var labels = new List<string>(seats.Count);
        foreach (var seat in seats)
        {
            switch (seat.ValueKind)
            {
                case JsonValueKind.String when TryGetText(seat, out var label):
                    labels.Add(label);
                    break;
                case JsonValueKind.Number when seat.TryGetInt32(out var number):
                    labels.Add(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    return null;
            }
        }
        return labels;
    }

    /// <summary>A JSON string as text; false for invalid UTF-8 or lone surrogates, which no label can hold.</summary>
    private static bool TryGetText(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }
}

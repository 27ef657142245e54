using Microsoft.AspNetCore.Diagnostics;

namespace TicketBoss.Api.Http;

/// <summary>Answers the framework's own bare status codes (unknown route, wrong method, ...) as problems with a code.</summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var (code, detail) = status switch
        {
            404 => ("route_not_found", "no such route."),
            405 => ("method_not_allowed", "this route does not accept that method."),
            413 => ("body_too_large", $"request bodies are limited to {GatewayApp.MaxRequestBodyBytes} bytes."),
            415 => ("unsupported_media_type", "send JSON."),
            _ => (status < 500 ? "bad_request" : "server_error", "the request could not be served."),
        };
        return Problems.Problem(status, code, detail).ExecuteAsync(context.HttpContext);
    }
}

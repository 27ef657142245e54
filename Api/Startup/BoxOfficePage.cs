using Microsoft.Extensions.FileProviders;

namespace TicketBoss.Api.Startup;

/// <summary>
/// Serves the box office web page (<c>wwwroot</c>: plain HTML, CSS and JavaScript modules, no build step) at
/// <c>/</c>, ahead of keys and rate limits: the page itself is public, and its API calls go through both.
/// </summary>
public static class BoxOfficePage
{
    // Everything comes from this origin: no CDN, no inline script, no framing by other sites.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IApplicationBuilder UseBoxOfficePage(this IApplicationBuilder app)
    {
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                // The page changes with the gateway; a reload must never mix old and new files.
                headers.CacheControl = "no-cache";
            },
        });
    }
}

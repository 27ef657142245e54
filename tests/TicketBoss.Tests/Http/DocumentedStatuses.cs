using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace TicketBoss.Tests.Http;

/// <summary>
/// The statuses a gateway documents for each route, read from its API descriptions: the ones /openapi/v1.json is made
/// from (OpenApiTests checks that the document says the same). Routes are keyed "METHOD /template"; a path under
/// /api/v1 is the route without the prefix, and HEAD is described by GET.
/// </summary>
internal sealed class DocumentedStatuses
{
    private static readonly ConditionalWeakTable<IServiceProvider, DocumentedStatuses> Cache = new();

    private readonly Dictionary<string, HashSet<int>> _byRoute;

    private readonly Dictionary<(string Route, int Status), HashSet<string>> _mediaTypes;

    private DocumentedStatuses(IServiceProvider services)
    {
        _byRoute = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.HttpMethod != "HEAD") // HEAD mirrors GET; the document leaves it out and says so
            .GroupBy(d => $"{d.HttpMethod} /{d.RelativePath}")
            .ToDictionary(g => g.Key, g => g.SelectMany(d => d.SupportedResponseTypes).Select(r => r.StatusCode).ToHashSet());
        _mediaTypes = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.HttpMethod != "HEAD")
            .SelectMany(d => d.SupportedResponseTypes.Select(r => (Route: $"{d.HttpMethod} /{d.RelativePath}", r.StatusCode, r.ApiResponseFormats)))
            .GroupBy(r => (r.Route, r.StatusCode))
            .ToDictionary(g => g.Key, g => g.SelectMany(r => r.ApiResponseFormats).Select(f => f.MediaType).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The media types documented for a route's status; empty when the document names none (no body).</summary>
    public IReadOnlySet<string> MediaTypes(string route, int status) => _mediaTypes.GetValueOrDefault((route, status)) ?? [];

    public static DocumentedStatuses Of(IServiceProvider services) => Cache.GetValue(services, s => new DocumentedStatuses(s));

    public IReadOnlyDictionary<string, HashSet<int>> ByRoute => _byRoute;

    /// <summary>The documented route a request goes to, e.g. "GET /events/{id}" for HEAD /api/v1/events/evt_x; null when none.</summary>
    public string? RouteOf(string method, string path)
    {
        if (path.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            path = path["/api/v1".Length..];
        }
        method = method == "HEAD" ? "GET" : method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? best = null;
        var bestLiterals = -1;
        foreach (var route in _byRoute.Keys.Where(r => r.StartsWith(method + " ", StringComparison.Ordinal)))
        {
            var template = route[(method.Length + 2)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (template.Length != segments.Length)
            {
                continue;
            }
            var literals = 0;
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                var parameter = template[i].StartsWith('{');
                matches = parameter || string.Equals(template[i], segments[i], StringComparison.OrdinalIgnoreCase);
                literals += parameter ? 0 : 1;
            }
            if (matches && literals > bestLiterals)
            {
                (best, bestLiterals) = (route, literals);
            }
        }
        return best;
    }
}

/// <summary>Every (route, status) the HTTP tests' clients have seen, over the whole test run.</summary>
internal static class ObservedStatuses
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> Seen = new();

    public static void Record(string route, int status) => Seen.GetOrAdd(route, _ => new()).TryAdd(status, true);

    public static IReadOnlyCollection<int> Of(string route) => Seen.TryGetValue(route, out var statuses) ? statuses.Keys.ToList() : [];
}

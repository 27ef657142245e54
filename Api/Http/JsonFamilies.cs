using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TicketBoss.Api.Http;

/// <summary>The JSON dialects of the API: snake_case for the Box Office family, camelCase for partners.</summary>
public static class JsonFamilies
{
    // The hot contracts are source-generated; the rest (rarer answers, problems) fall back to reflection.
    public static readonly JsonSerializerOptions BoxOffice = Create(JsonNamingPolicy.SnakeCaseLower, BoxOfficeJson.Default);

    public static readonly JsonSerializerOptions Partner = Create(JsonNamingPolicy.CamelCase);

    /// <summary>
    /// The rules every family binds by, also given to the OpenAPI generator so that the document describes them: strict
    /// numbers (<c>"qty": "3"</c> is a type error, not a number), unknown and repeated fields refused (a typo such as
    /// <c>togther</c> must not be silently ignored).
    /// </summary>
    public static void ApplyRules(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
    }

    private static JsonSerializerOptions Create(JsonNamingPolicy naming, IJsonTypeInfoResolver? generated = null)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = generated is null ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver()),
            PropertyNamingPolicy = naming,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 16,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new EventTimeConverter() },
        };
        ApplyRules(options);
        return options;
    }
}

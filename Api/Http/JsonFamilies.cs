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

    private static JsonSerializerOptions Create(JsonNamingPolicy naming, IJsonTypeInfoResolver? generated = null) => new(JsonSerializerDefaults.General)
    {
        TypeInfoResolver = generated is null ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver()),
        PropertyNamingPolicy = naming,
        // Strict numbers: "qty": "3" is a type error, not a number.
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 16,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

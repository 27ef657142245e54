using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBoss.Api.Http;

/// <summary>The JSON dialects of the API: snake_case for the Box Office family, camelCase for partners.</summary>
public static class JsonFamilies
{
    public static readonly JsonSerializerOptions BoxOffice = Create(JsonNamingPolicy.SnakeCaseLower);

    public static readonly JsonSerializerOptions Partner = Create(JsonNamingPolicy.CamelCase);

    private static JsonSerializerOptions Create(JsonNamingPolicy naming) => new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = naming,
        // Strict numbers: "qty": "3" is a type error, not a number.
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 16,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

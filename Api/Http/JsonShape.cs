using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TicketBoss.Api.Http;

/// <summary>
/// Says what is wrong with a JSON body that parsed but did not bind, by walking it against the contract's own metadata
/// (<see cref="JsonTypeInfo"/>): an unknown field, a missing required one, a value of the wrong type. The contract types
/// are the only list of fields, so a field added to a contract is known here at once.
/// </summary>
public static class JsonShape
{
    /// <summary>The first problem of <paramref name="json"/> as <paramref name="contract"/>; null when none is found here.</summary>
    public static string? Explain(ReadOnlyMemory<byte> json, JsonTypeInfo contract)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = contract.Options.MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? CheckObject(document.RootElement, contract, "")
                : "the request body must be a JSON object.";
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A field name or string that is not text (a lone surrogate escape, invalid UTF-8) cannot even be named.
            return "the request body holds a field name or string that is not valid Unicode text.";
        }
    }

    private static string? Check(JsonElement value, JsonTypeInfo type, string path)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        if (value.ValueKind == JsonValueKind.Null || clr == typeof(JsonElement))
        {
            // Every member is optional to the binder; an explicit null is the same as leaving it out.
            return null;
        }
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
                return value.ValueKind == JsonValueKind.Object ? CheckObject(value, type, path) : $"{path} must be an object.";
            case JsonTypeInfoKind.Enumerable:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return $"{path} must be a list.";
                }
                var elementType = type.Options.GetTypeInfo(type.ElementType!);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Check(item, elementType, $"{path}[{index++}]") is { } error)
                    {
                        return error;
                    }
                }
                return null;
            default:
                return CheckValue(value, clr, path);
        }
    }

    private static string? CheckObject(JsonElement value, JsonTypeInfo type, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            var where = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
            if (!seen.Add(member.Name))
            {
                return $"{where} is given more than once.";
            }
            var property = type.Properties.FirstOrDefault(p => p.Name == member.Name);
            if (property is null)
            {
                return $"unknown field {where}; {(path.Length == 0 ? "this request" : path)} takes {string.Join(", ", type.Properties.Select(p => p.Name))}.";
            }
            if (Check(member.Value, type.Options.GetTypeInfo(property.PropertyType), where) is { } error)
            {
                return error;
            }
        }
        var missing = type.Properties.FirstOrDefault(p => p.IsRequired && !seen.Contains(p.Name));
        return missing is null ? null : $"{(path.Length == 0 ? missing.Name : $"{path}.{missing.Name}")} is required.";
    }

    private static string? CheckValue(JsonElement value, Type clr, string path)
    {
        if (clr == typeof(int) || clr == typeof(long))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || decimal.Truncate(number) != number)
            {
                return $"{path} must be an integer.";
            }
            if (clr == typeof(int) ? value.TryGetInt32(out _) : value.TryGetInt64(out _))
            {
                return null;
            }
            // A whole number in range that still does not read is written with an exponent or a fraction (2e0, 2.0).
            var inRange = clr == typeof(int) ? number is >= int.MinValue and <= int.MaxValue : number is >= long.MinValue and <= long.MaxValue;
            return inRange ? $"{path} must be written as a plain integer, without a fraction or exponent." : $"{path} is out of range.";
        }
        if (clr == typeof(bool))
        {
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{path} must be true or false.";
        }
        if (clr == typeof(string))
        {
            return value.ValueKind == JsonValueKind.String ? null : $"{path} must be a string.";
        }
        if (clr == typeof(DateTimeOffset))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return $"{path} must be a date and time such as {EventTime.Example}.";
            }
            return EventTime.TryParse(StringOrNull(value), out _, out var error) ? null : $"{path} {error}";
        }
        return null;
    }

    private static string? StringOrNull(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

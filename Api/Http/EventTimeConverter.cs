using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBoss.Api.Http;

/// <summary>Reads request times with <see cref="EventTime"/>'s formats and bounds; writes ISO 8601 as System.Text.Json does.</summary>
public sealed class EventTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("must be a date and time.");
        }
        return EventTime.TryParse(reader.GetString(), out var value, out var error) ? value : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

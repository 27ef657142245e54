using System.Text.Json;
using System.Text.Json.Serialization;
using TicketBoss.Api.Contracts;

namespace TicketBoss.Api.Http;

/// <summary>Source-generated metadata for the Box Office contracts, so that no request reflects over its types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HoldRequestBody))]
[JsonSerializable(typeof(HoldResponse))]
[JsonSerializable(typeof(BookRequest))]
[JsonSerializable(typeof(BookingResponse))]
[JsonSerializable(typeof(CreateEventRequest))]
[JsonSerializable(typeof(EventCreatedResponse))]
[JsonSerializable(typeof(EventStatusResponse))]
internal sealed partial class BoxOfficeJson : JsonSerializerContext;

using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using TicketBoss.Api.Contracts;
using TicketBoss.Api.Http;
using TicketBoss.Api.Startup;
using TicketBoss.Grains;

namespace TicketBoss.Api.Endpoints;

/// <summary>
/// What the generated OpenAPI document cannot know from the types alone: what is required, which fields exclude each
/// other, the bounds the service enforces, the accepted time formats, each body's example, the headers and keys a
/// route reads, and that HEAD mirrors GET (left out). The statuses come from the routes' metadata (<see cref="CommonAnswers"/>).
/// </summary>
public static class OpenApiContract
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new() { Title = "TicketBoss", Version = "v1", Description = Description };
            foreach (var path in document.Paths.Values.OfType<OpenApiPathItem>())
            {
                path.Operations?.Remove(HttpMethod.Head);
            }
            DescribeKeys(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var ticketing = context.ApplicationServices.GetRequiredService<IOptions<TicketingOptions>>().Value;
            if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
            {
                Require(schema, context.JsonTypeInfo);
            }
            Describe(schema, context.JsonTypeInfo.Type, ticketing);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var events = context.ApplicationServices.GetRequiredService<IOptions<DefaultEventsOptions>>().Value;
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<RequestExample>().LastOrDefault() is { } example && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(Fill(example.Json, events));
                }
                if (example.Note is not null && operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Description = example.Note;
                }
            }
            DescribeHeaders(operation, context.Description.HttpMethod ?? "");
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.In == ParameterLocation.Query && parameter.Name == "page_size")
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Minimum = "1",
                        Maximum = EventEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(EventEndpoints.DefaultPageSize),
                    };
                }
                if (parameter.In == ParameterLocation.Query && parameter.Name == "page")
                {
                    parameter.Description = "the next of the previous page's answer";
                }
                if (parameter.In == ParameterLocation.Path && parameter.Name == "id" && context.Description.RelativePath?.StartsWith("events/", StringComparison.Ordinal) == true)
                {
                    parameter.Example = JsonValue.Create(events.PartnerEventId);
                }
            }
            return Task.CompletedTask;
        });
    }

    private const string Description =
        "Every route is also served under /api/v1, and HEAD is served wherever GET is (same status and headers, no body). "
        + "Errors are RFC 9457 problems with a stable `code` (the partner routes answer {\"error\": \"...\"}). A body with a field the "
        + "route does not know, a missing required field or a value of the wrong type is refused with 400 naming the field. "
        + "API keys (when configured) go in `X-Api-Key` or `Authorization: Bearer`. Every POST and DELETE accepts `Idempotency-Key` "
        + "(the first answer is replayed for 24 h; 409 while the first runs; 422 for another request). `GET /events/{id}` and "
        + "`/seats` send the version as a strong ETag and answer 304 to a matching `If-None-Match`; `If-Match` on POST /holds, "
        + "POST /bookings and PATCH /events/{id} gets 412 when stale, 400 when it is not an entity tag list. 429 with Retry-After "
        + "beyond the rate limit; 503 when the cluster or PostgreSQL does not answer.";

    /// <summary>
    /// The API keys /docs can send ("Authorize"): either header, or none at all, since with no keys configured the API
    /// is open and buyers' routes never need one.
    /// </summary>
    private static void DescribeKeys(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["api_key"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An admin or partner key, when keys are configured (Auth:AdminKeys, Auth:PartnerKeys).",
        };
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same key as Authorization: Bearer <key>.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement(),
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("api_key", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
        ];
    }

    /// <summary>The request headers a route reads: Idempotency-Key on changes, If-Match where 412 can follow, If-None-Match where 304 can.</summary>
    private static void DescribeHeaders(OpenApiOperation operation, string method)
    {
        operation.Parameters ??= [];
        var answers = operation.Responses ?? [];
        void Header(string name, string description, int? maxLength = null) => operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = maxLength },
        });
        if (method is "POST" or "DELETE")
        {
            Header("Idempotency-Key", "1-255 printable ASCII characters: the first answer is replayed for 24 h to the same caller and request.", 255);
        }
        if (answers.ContainsKey("412"))
        {
            Header("If-Match", "The event's ETag (\"7\") or *: the change is made only at that version, else 412. Weak tags never match.");
        }
        if (answers.ContainsKey("304"))
        {
            Header("If-None-Match", "ETags the client holds (\"7\", W/\"7\") or *: 304 with no body when one is the current version.");
        }
    }

    /// <summary>
    /// Required means required: a request's fields marked [JsonRequired] (binding refuses their absence; null is not
    /// a value for them), and an answer's members that are never null (nullable ones are left out when null, never
    /// sent as null). The generator would otherwise call every constructor parameter required.
    /// </summary>
    private static void Require(OpenApiSchema schema, JsonTypeInfo type)
    {
        schema.Required = type.Properties.Where(p => p.IsRequired || !p.IsGetNullable).Select(p => p.Name).ToHashSet();
        // Answers leave a null member out rather than send null; a request may send null for an optional field.
        var answer = type.Type.Namespace == typeof(HoldResponse).Namespace && type.Type.Name.EndsWith("Response", StringComparison.Ordinal);
        if (answer)
        {
            // Unknown fields are refused in requests; an answer may gain members in a later version without breaking clients.
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }
        foreach (var name in type.Properties.Where(p => p.IsRequired || answer).Select(p => p.Name))
        {
            if (Property(schema, name) is { Type: { } kind } property)
            {
                property.Type = kind & ~JsonSchemaType.Null;
            }
        }
    }

    private static string Fill(string json, DefaultEventsOptions events) =>
        json.Replace("{partner_event}", events.PartnerEventId, StringComparison.Ordinal).Replace("{seat_event}", events.SeatEventId, StringComparison.Ordinal);

    private static void Describe(OpenApiSchema schema, Type type, TicketingOptions ticketing)
    {
        if (type == typeof(HoldRequestBody))
        {
            schema.Description = "Give qty (best available seats) or seats (these seats), not both.";
            schema.OneOf = [new OpenApiSchema { Required = new HashSet<string> { "qty" } }, new OpenApiSchema { Required = new HashSet<string> { "seats" } }];
            Bounds(schema, "qty", 1, ticketing.MaxHoldQuantity, "how many seats, best available first");
            Bounds(schema, "ttl_seconds", ticketing.MinHoldTtlSeconds, ticketing.MaxHoldTtlSeconds, $"how long the hold lasts (default {ticketing.DefaultHoldTtlSeconds})");
            SeatList(schema, ticketing);
            Property(schema, "allow_partial", "with qty: take the free seats there are (at least one) rather than fail");
        }
        else if (type == typeof(CreateEventRequest))
        {
            schema.Description = "Give total_seats (seats numbered 1..total_seats), a seat_map, or both when they agree. starts_at and date_time are one field under two names: give one.";
            schema.AnyOf = [new OpenApiSchema { Required = new HashSet<string> { "total_seats" } }, new OpenApiSchema { Required = new HashSet<string> { "seat_map" } }];
            schema.Not = new OpenApiSchema { Required = new HashSet<string> { "starts_at", "date_time" } };
            Bounds(schema, "total_seats", 1, ticketing.MaxCapacity, null);
            StartTime(schema, "starts_at");
            StartTime(schema, "date_time", "the seat-booking family's name for starts_at, e.g. \"2024-06-15 19:00\"");
        }
        else if (type == typeof(UpdateEventRequest))
        {
            Bounds(schema, "total_seats", 1, ticketing.MaxCapacity, "never below the seats held or booked");
            StartTime(schema, "starts_at");
        }
        else if (type == typeof(DirectBookingRequest))
        {
            SeatList(schema, ticketing);
        }
        else if (type == typeof(ReservationRequest))
        {
            Bounds(schema, "seats", 1, ticketing.MaxReservationSeats, null);
        }
    }

    private static void Bounds(OpenApiSchema schema, string name, int minimum, int maximum, string? description)
    {
        if (Property(schema, name) is { } property)
        {
            property.Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            property.Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            property.Description = description;
        }
    }

    private static void SeatList(OpenApiSchema schema, TicketingOptions ticketing)
    {
        if (Property(schema, "seats") is { } property)
        {
            property.Items = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Integer };
            property.MinItems = 1;
            property.MaxItems = ticketing.MaxHoldQuantity;
            property.Description = "seat labels (\"A12\") or seat numbers (12), each at most once";
        }
    }

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties is { } properties && properties.TryGetValue(name, out var property) ? property as OpenApiSchema : null;

    private static void Property(OpenApiSchema schema, string name, string description)
    {
        if (Property(schema, name) is { } property)
        {
            property.Description = description;
        }
    }

    private static void StartTime(OpenApiSchema schema, string name, string? alias = null)
    {
        if (Property(schema, name) is { } property)
        {
            property.Format = alias is null ? "date-time" : null;
            property.Description = (alias is null ? "" : alias + ". ")
                + $"ISO 8601 ({EventTime.Example}) or \"2026-06-15 19:00\"; UTC unless an offset is given; "
                + $"from {EventTime.Earliest:yyyy-MM-dd} to {EventTime.MaxYearsAhead} years from now.";
        }
    }
}

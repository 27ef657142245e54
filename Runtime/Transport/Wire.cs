using System.Text.Json;
using TicketBoss.Runtime.Invocation;

namespace TicketBoss.Runtime.Transport;

/// <summary>The silo protocol: HTTP/2 paths, headers and JSON settings shared by both ends.</summary>
internal static class Wire
{
    public const string CallPath = "/grain";
    public const string CallStreamPath = "/grain/stream";
    public const string MembersPath = "/members";
    public const string InvalidatePath = "/invalidate";
    public const string RefreshPath = "/refresh";
    public const string MetricsPath = "/metrics";

    public const string ClusterKeyHeader = "tb-cluster-key";
    public const string GrainTypeHeader = "tb-grain-type";
    public const string GrainKeyHeader = "tb-grain-key";
    public const string MethodHeader = "tb-method";
    public const string TimeoutHeader = "tb-timeout-ms";
    public const string HopsHeader = "tb-hops";
    public const string VersionHeader = "tb-version";
    public const string ErrorTypeHeader = "tb-error-type";
    public const string CorrelationHeader = "tb-correlation-id";

    /// <summary>
    /// System.Text.Json defaults, so the records of grain interfaces round-trip as they are, plus fields: a method
    /// may return a tuple, whose items are fields.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { IncludeFields = true };

    /// <summary>Grain keys may hold any character; headers carry them escaped.</summary>
    public static string EscapeKey(string key) => Uri.EscapeDataString(key);

    public static string UnescapeKey(string header) => Uri.UnescapeDataString(header);

    /// <summary>Writes the argument array of a call.</summary>
    public static void WriteArguments(Utf8JsonWriter writer, GrainMethod method, object?[] arguments)
    {
        writer.WriteStartArray();
        for (var i = 0; i < arguments.Length; i++)
        {
            JsonSerializer.Serialize(writer, arguments[i], method.ParameterTypes[i], Json);
        }
        writer.WriteEndArray();
        writer.Flush();
    }

    /// <summary>Reads the argument array of a call; throws <see cref="JsonException"/> when it does not fit the method.</summary>
    public static object?[] DeserializeArguments(GrainMethod method, ReadOnlySpan<byte> json)
    {
        var elements = JsonSerializer.Deserialize<JsonElement[]>(json, Json) ?? throw new JsonException("The arguments are null.");
        if (elements.Length != method.ParameterTypes.Length)
        {
            throw new JsonException($"Expected {method.ParameterTypes.Length} arguments, got {elements.Length}.");
        }
        var arguments = new object?[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            arguments[i] = elements[i].Deserialize(method.ParameterTypes[i], Json);
        }
        return arguments;
    }
}

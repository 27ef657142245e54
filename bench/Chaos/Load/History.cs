using System.Collections.Concurrent;
using System.Text.Json;

namespace TicketBoss.Chaos.Load;

/// <summary>Every request of the run and its answer, in the order they were started.</summary>
internal sealed class History
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly ConcurrentQueue<HistoryEntry> _entries = new();
    private long _nextId;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(HistoryEntry entry) => _entries.Enqueue(entry);

    public IReadOnlyList<HistoryEntry> Snapshot() => [.. _entries.OrderBy(e => e.StartedAt).ThenBy(e => e.Id)];

    /// <summary>Writes the history as JSON lines, for looking into a failed run.</summary>
    public async Task WriteJsonLinesAsync(string path)
    {
        await using var file = new StreamWriter(path);
        foreach (var entry in Snapshot())
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(entry, Json));
        }
    }
}

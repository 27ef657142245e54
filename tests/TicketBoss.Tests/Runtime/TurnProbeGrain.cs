using Npgsql;
using TicketBoss.Runtime;

namespace TicketBoss.Tests.Runtime;

/// <summary>A grain that records how many calls run inside it at once, and in which order they entered.</summary>
public interface ITurnProbeGrain : IGrainWithStringKey
{
    Task EnterAsync(int sequence, int delayMs);

    Task<(int MaxInside, int[] Order)> ReportAsync();

    /// <summary>The correlation id the call arrived with.</summary>
    Task<string?> CorrelationAsync();

    /// <summary>Runs a statement on the silo's own PostgreSQL data source, outside any commit.</summary>
    Task RunSqlAsync(string sql);
}

internal sealed class TurnProbeGrain(NpgsqlDataSource dataSource) : Grain, ITurnProbeGrain
{
    private readonly List<int> _order = [];
    private int _inside;
    private int _maxInside;

    public async Task EnterAsync(int sequence, int delayMs)
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        _order.Add(sequence);
        // Await something that is not a commit: the activation must not start another call meanwhile.
        await Task.Delay(delayMs);
        _inside--;
    }

    public Task<(int MaxInside, int[] Order)> ReportAsync() => Task.FromResult((_maxInside, _order.ToArray()));

    public Task<string?> CorrelationAsync() => Task.FromResult(RequestContext.CorrelationId);

    public async Task RunSqlAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}

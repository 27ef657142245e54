using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace TicketBoss.Tests.Fuzz;

/// <summary>
/// Sends generated requests, 8 at a time, each with a 10 s deadline, in batches. Every answer is checked (a 4xx with
/// a JSON error body, or for a read also a 2xx; never 5xx, never silence), and so is the database around every batch:
/// a batch of refused requests must leave every row count and every event's version as they were. When a batch
/// changed something, its requests are sent again one at a time to find which did.
/// </summary>
internal sealed class FuzzRunner(Uri server, string connectionString, int seed, ITestOutputHelper output)
{
    public const int Parallelism = 8;
    public const int BatchSize = 200;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _emptyBodies = new();
    private int _requests;

    /// <summary>The seed and how to replay it, for every failure message.</summary>
    public string Replay => $"seed {seed} (replay: TICKETBOSS_FUZZ_SEED={seed})";

    /// <summary>Seed of this run: TICKETBOSS_FUZZ_SEED when set, else a fresh one.</summary>
    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("TICKETBOSS_FUZZ_SEED"), out var seed) ? seed : Random.Shared.Next();

    public async Task RunAsync(string name, IReadOnlyList<RawRequest> requests)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in requests.Chunk(BatchSize))
        {
            var before = await FuzzState.ReadAsync(connectionString);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) => await SendAndCheckAsync(request));
            var after = await FuzzState.ReadAsync(connectionString);
            if (before != after)
            {
                await FindCulpritsAsync(batch, before, after);
            }
        }
        output.WriteLine($"{name}: {requests.Count} requests in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<RawAnswer?> SendAndCheckAsync(RawRequest request)
    {
        Interlocked.Increment(ref _requests);
        RawAnswer answer;
        try
        {
            answer = await RawHttp.SendAsync(server, request, RequestTimeout);
        }
        catch (NoAnswerException e) when (request.HalfClose && !e.Hang)
        {
            // Kestrel takes a client's half-close for leaving: it may close the connection rather than answer. A hang
            // is never forgiven.
            Count("cut after the client half-closed");
            return null;
        }
        catch (NoAnswerException e)
        {
            Count("no answer");
            Fail(request, e.Message, null);
            return null;
        }
        Count(answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var status = answer.Status;
        if (status >= 500)
        {
            Fail(request, "server error", answer);
        }
        else if (request.ExactStatus is { } exact && status != exact)
        {
            Fail(request, $"expected exactly {exact}", answer);
        }
        else if (request.Verdict == Verdict.Refused && status is < 400 or >= 500)
        {
            Fail(request, "a request that must be refused was accepted", answer);
        }
        else if (status is < 200 or >= 500)
        {
            Fail(request, "unexpected status", answer);
        }
        else if (status < 400 && answer.Truncated && answer.Header("content-type")?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) != true)
        {
            // A success whose body broke off: the server failed after it had started answering.
            Fail(request, "a success answer was cut off", answer);
        }
        else if (status >= 400 && request.Method != "HEAD" && ErrorBodyProblem(answer) is { } problem)
        {
            Fail(request, problem, answer);
        }
        if (status >= 400 && answer.Body.Length == 0 && request.Method != "HEAD")
        {
            _emptyBodies.AddOrUpdate($"{status} [{request.Category}] {request.Mutation.Split(';')[0]}", 1, (_, n) => n + 1);
        }
        if (answer.Header("x-correlation-id") is { } correlation)
        {
            if (correlation.Length is 0 or > 64 || correlation.Any(c => c is < '!' or > '~'))
            {
                Fail(request, $"the answer's X-Correlation-Id is not 1-64 printable ASCII: {correlation}", answer);
            }
            else if (request.BadCorrelationId is { Length: > 0 } bad && correlation == bad)
            {
                Fail(request, "the garbage X-Correlation-Id was echoed", answer);
            }
        }
        return answer;
    }

    /// <summary>Null when the error body is acceptable: empty (Kestrel's own refusals), or a JSON object with a string code or error.</summary>
    private static string? ErrorBodyProblem(RawAnswer answer)
    {
        if (answer.Body.Length == 0)
        {
            return null;
        }
        if (answer.MediaType is not ("application/json" or "application/problem+json"))
        {
            return $"the error body is not JSON (Content-Type {answer.Header("content-type") ?? "none"})";
        }
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            var root = document.RootElement;
            var ok = root.ValueKind == JsonValueKind.Object
                && ((root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                    || (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String));
            return ok ? null : "the error body has neither a string code (RFC 9457) nor a string error (partner)";
        }
        catch (JsonException)
        {
            return "the error body does not parse as JSON";
        }
    }

    private async Task FindCulpritsAsync(RawRequest[] batch, string before, string after)
    {
        var found = new StringBuilder();
        foreach (var request in batch)
        {
            var start = await FuzzState.ReadAsync(connectionString);
            var answer = await SendAndCheckAsync(request);
            var end = await FuzzState.ReadAsync(connectionString);
            if (start != end)
            {
                found.AppendLine($"  changed by: {request.Describe()}\n    answer: {Summary(answer)}\n    state before: {start}\n    state after:  {end}");
                if (found.Length > 20_000)
                {
                    break;
                }
            }
        }
        _failures.Enqueue($"STATE CHANGED in a batch of {batch.Length} requests\n    before: {before}\n    after:  {after}\n"
            + (found.Length > 0 ? found.ToString() : "  (no single request changed it again when replayed one at a time)\n"));
    }

    private void Count(string status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    private void Fail(RawRequest request, string why, RawAnswer? answer) =>
        _failures.Enqueue($"{why.ToUpperInvariant()}: {request.Describe()}\n    answer: {Summary(answer)}");

    private static string Summary(RawAnswer? answer) => answer is null
        ? "(none)"
        : $"{answer.Status} {answer.Header("content-type")} {FuzzText.Escape(answer.Body, 300)}";

    /// <summary>Writes the figures to the test output and fails with every failure (seed first) if there were any.</summary>
    public void AssertClean()
    {
        output.WriteLine($"{Replay}: {_requests} requests; answers by status: {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        foreach (var (what, count) in _emptyBodies.OrderBy(e => e.Key))
        {
            output.WriteLine($"  empty-bodied answer {what}: {count}");
        }
        var failures = _failures.ToArray();
        foreach (var failure in failures.Take(200))
        {
            output.WriteLine(failure);
        }
        Assert.True(failures.Length == 0,
            $"{failures.Length} failure(s) with {Replay}:\n{string.Join("\n", failures.Take(40))}{(failures.Length > 40 ? $"\n... and {failures.Length - 40} more (see the test output)" : "")}");
    }
}

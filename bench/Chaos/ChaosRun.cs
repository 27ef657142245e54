using Npgsql;
using TicketBoss.Chaos.Checks;
using TicketBoss.Chaos.Cluster;
using TicketBoss.Chaos.Faults;
using TicketBoss.Chaos.Load;
using TicketBoss.Chaos.Report;

namespace TicketBoss.Chaos;

/// <summary>
/// The run: start a private cluster, create events, drive mixed load while faults strike, let every hold run out,
/// then check the recorded history against the database and the API, and print the figures and the verdict.
/// </summary>
internal sealed class ChaosRun(ChaosOptions options, CancellationToken interrupt)
{
    public async Task<Verdict> ExecuteAsync()
    {
        var repo = RepoLayout.Find(options.RepoRoot);
        Console.WriteLine($"chaos run: seed {options.Seed}, {options.Silos} silos, {options.Events} events, {options.Workers} workers, "
            + $"{options.Seconds} s of load, hold TTL {options.TtlSeconds} s, faults {string.Join(",", options.Faults.Select(FaultKinds.Name))}; "
            + $"{Environment.ProcessorCount} cores shared by everything");
        await using var cluster = await ChaosCluster.StartAsync(options, repo, interrupt);
        Console.WriteLine($"cluster: PostgreSQL on 127.0.0.1:{cluster.Postgres.Port} ({cluster.Postgres.DataDirectory}), "
            + $"silos {string.Join(", ", cluster.Silos.Select(s => $"{s.Name} pid {s.Process.Pid} on {s.Address}"))}, gateway {cluster.GatewayUrl}");

        var history = new History();
        using var client = new RecordingClient(cluster.GatewayUrl, history, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), options.Workers * 3 + 8);
        var events = await EventSetup.CreateAsync(client, options.Events, options.Seed, interrupt);

        var started = DateTimeOffset.UtcNow;
        var injector = new FaultInjector(cluster, options, new Random(options.Seed));
        using var stopFaults = new CancellationTokenSource();
        using var stopLoad = new CancellationTokenSource();
        var faults = injector.RunAsync(stopFaults.Token, interrupt);
        var poller = new VersionPoller(client, [.. events.Select(e => e.Id), ChaosEvent.PartnerEventId]).RunAsync(stopLoad.Token, interrupt);
        var workers = Enumerable.Range(0, options.Workers).Select(w => new Worker(w, client, events, options, options.Seed).RunAsync(stopLoad.Token, interrupt)).ToList();
        Console.WriteLine("load running; faults:");

        // The load lasts its time, and at least until every chosen fault kind has happened once.
        await Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(options.Seconds), interrupt), injector.FirstRound.WaitAsync(interrupt));
        await stopFaults.CancelAsync();
        await faults;
        await stopLoad.CancelAsync();
        await Task.WhenAll([.. workers, poller]);
        var loadEnded = DateTimeOffset.UtcNow;

        var lastHold = history.Snapshot().Where(e => e.Kind is OperationKind.Hold or OperationKind.SeatHold).Select(e => e.StartedAt).DefaultIfEmpty(loadEnded).Max();
        Console.WriteLine($"load ended after {(loadEnded - started).TotalSeconds:0.0} s; waiting for the holds' TTL and detection time...");
        var expiry = await HoldExpiryWait.RunAsync(cluster.Postgres.ConnectionString, lastHold, options, interrupt);
        var db = await RetryAsync(() => DatabaseState.ReadAsync(cluster.Postgres.ConnectionString));
        var reads = new Dictionary<string, HistoryEntry>();
        foreach (var id in db.Events.Keys)
        {
            reads[id] = await ReadUntilAnsweredAsync(client, id);
        }

        var all = history.Snapshot();
        Console.WriteLine();
        RunFigures.Print(all, loadEnded - started);
        Console.WriteLine("faults and failover (time from the start of the load):");
        foreach (var impact in FaultImpact.Of(injector.Faults, all, loadEnded))
        {
            Console.WriteLine("  " + impact.Describe(started));
        }
        foreach (var exit in injector.UnexpectedExits)
        {
            Console.WriteLine($"  note: {exit}");
        }
        Console.WriteLine($"holds: {expiry.StillActive} still live when the wait ended, {expiry.AfterLastExpiry.TotalSeconds:0.0} s after the last possible expiry "
            + $"(bound {options.DetectionSeconds} s)");

        var verdict = new Verdict([
            SeatUniquenessCheck.Run(db),
            CountsCheck.Run(db, reads),
            AcknowledgedOutcomesCheck.Run(all, db),
            ExpiredHoldsCheck.Run(db),
            IdempotencyCheck.Run(all),
            VersionCheck.Run(all),
            UnexpectedAnswersCheck.Run(all),
            RecoveryCheck.Run(injector.Faults),
        ]);
        verdict.Print();
        if (!verdict.Passed || options.HistoryFile is not null)
        {
            var file = options.HistoryFile ?? Path.Combine(cluster.LogDirectory, "history.jsonl");
            await history.WriteJsonLinesAsync(file);
            Console.WriteLine($"history written to {file}");
        }
        cluster.KeepLogs |= !verdict.Passed;
        return verdict;
    }

    private async Task<HistoryEntry> ReadUntilAnsweredAsync(RecordingClient client, string eventId)
    {
        HistoryEntry read;
        for (var attempt = 0; ; attempt++)
        {
            read = await client.SendAsync(Requests.ReadEvent(eventId), SendReason.First, -3, interrupt);
            if (read.Status == 200 || attempt == 10)
            {
                return read;
            }
            await Task.Delay(500, interrupt);
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException && attempt < 10)
            {
                await Task.Delay(500, interrupt);
            }
        }
    }
}

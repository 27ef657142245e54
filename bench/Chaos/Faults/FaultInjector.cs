using TicketBoss.Chaos.Cluster;

namespace TicketBoss.Chaos.Faults;

/// <summary>
/// Injects one fault at a time, each followed by a quiet gap: it always puts the cluster back together (restart,
/// SIGCONT) before the next, so that at most one silo is ever down and the run ends with a whole cluster.
/// </summary>
internal sealed class FaultInjector(ChaosCluster cluster, ChaosOptions options, Random random)
{
    private static readonly TimeSpan WholeTimeout = TimeSpan.FromSeconds(90);
    private readonly List<FaultRecord> _faults = [];
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<FaultRecord> Faults => _faults;

    /// <summary>Silos that exited although nobody killed or stopped them (and were started again).</summary>
    public List<string> UnexpectedExits { get; } = [];

    /// <summary>Completes once every chosen kind of fault has happened.</summary>
    public Task FirstRound => _firstRound.Task;

    public async Task RunAsync(CancellationToken stop, CancellationToken interrupt)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), stop);
            var done = 0;
            foreach (var kind in FaultPlan.Sequence(options.Faults))
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }
                var record = await InjectAsync(kind, interrupt);
                lock (_faults)
                {
                    _faults.Add(record);
                }
                Console.WriteLine($"  fault {_faults.Count}: {FaultKinds.Name(kind)} {record.Target} {record.Detail}"
                    + (record.WholeAt is { } whole ? $", whole again after {(whole - record.StartedAt).TotalSeconds:0.0} s" : ", NOT whole again"));
                if (++done == options.Faults.Count)
                {
                    _firstRound.TrySetResult();
                }
                await Task.Delay(TimeSpan.FromSeconds(options.FaultGapSeconds), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !interrupt.IsCancellationRequested)
        {
        }
        finally
        {
            _firstRound.TrySetResult();
        }
    }

    private async Task<FaultRecord> InjectAsync(FaultKind kind, CancellationToken interrupt)
    {
        var slot = cluster.Silos[random.Next(cluster.Silos.Count)];
        var pid = slot.Process.Pid;
        var started = DateTimeOffset.UtcNow;
        string target = $"{slot.Name} (pid {pid})", detail;
        switch (kind)
        {
            case FaultKind.Kill:
                slot.Process.KillNow();
                await slot.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                // A moment down, so that callers see the silo gone rather than a quick restart.
                await Task.Delay(TimeSpan.FromSeconds(1), interrupt);
                slot.Start();
                detail = $"SIGKILL, restarted as pid {slot.Process.Pid}";
                break;
            case FaultKind.Pause:
                slot.Paused = true;
                slot.Process.Signal("STOP");
                await Task.Delay(TimeSpan.FromSeconds(options.PauseSeconds), interrupt);
                slot.Process.Signal("CONT");
                slot.Paused = false;
                detail = $"SIGSTOP for {options.PauseSeconds:0.0} s, then SIGCONT";
                // A silo the cluster declared dead while it was stopped learns so on waking and ends itself
                // (Orleans fails fast); like a container's restart policy, the run starts it again.
                if (await slot.Process.WaitForExitAsync(TimeSpan.FromSeconds(5)))
                {
                    slot.Start();
                    detail += $"; declared dead meanwhile, it stopped itself and was restarted as pid {slot.Process.Pid}";
                }
                break;
            case FaultKind.PostgresRestart:
                target = $"PostgreSQL (port {cluster.Postgres.Port})";
                await cluster.Postgres.RestartAsync();
                detail = "pg_ctl restart -m fast";
                break;
            default:
                slot.Process.Signal("TERM");
                var exited = await slot.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));
                var stopping = DateTimeOffset.UtcNow - started;
                slot.Start();
                detail = exited
                    ? $"SIGTERM, exited after {stopping.TotalSeconds:0.0} s, restarted as pid {slot.Process.Pid}"
                    : $"SIGTERM, did NOT exit within 40 s (killed), restarted as pid {slot.Process.Pid}";
                break;
        }
        var restored = DateTimeOffset.UtcNow;
        return new FaultRecord(kind, target, started, restored, await WaitUntilWholeAsync(interrupt), detail);
    }

    /// <summary>Waits until every silo is Active again, restarting any that died on its own meanwhile; null when that never happened.</summary>
    private async Task<DateTimeOffset?> WaitUntilWholeAsync(CancellationToken interrupt)
    {
        var deadline = DateTimeOffset.UtcNow + WholeTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                await cluster.WaitUntilWholeAsync(deadline - DateTimeOffset.UtcNow, interrupt);
                return DateTimeOffset.UtcNow;
            }
            catch (ChaosSetupException e)
            {
                foreach (var slot in cluster.Silos.Where(s => s.Process.HasExited))
                {
                    UnexpectedExits.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {slot.Name} (pid {slot.Process.Pid}) exited on its own: {e.Message}");
                    slot.Start();
                }
            }
        }
        return null;
    }
}

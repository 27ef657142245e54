using System.Diagnostics;

namespace TicketBoss.Chaos.Cluster;

/// <summary>One OS process of the service (a silo or the gateway), its output appended to a log file.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    public ServiceProcess(string dll, IReadOnlyDictionary<string, string?> environment, string logFile, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new ChaosSetupException($"{dll} did not start.");
        Write($"---- {DateTimeOffset.UtcNow:O} started pid {_process.Id}");
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public void Signal(string signal) => Signals.Send(_process.Id, signal);

    public void KillNow()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits for the process to end; false when it did not within the time.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // A stopped process still dies of SIGKILL; CONT first anyway so nothing lingers in the stopped state.
            try
            {
                Signal("CONT");
            }
            catch (InvalidOperationException)
            {
            }
            KillNow();
            _process.WaitForExit(5000);
        }
        Write($"---- {DateTimeOffset.UtcNow:O} ended");
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }
}

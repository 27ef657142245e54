using System.Diagnostics;

namespace TicketBoss.Chaos.Cluster;

/// <summary>Runs a bash snippet with the repository's scripts/postgres.sh sourced, as run.sh and test.sh do.</summary>
internal static class ShellScript
{
    /// <summary>Runs <paramref name="script"/> (its arguments are $1, $2, ...); throws with its output when it fails.</summary>
    public static async Task RunAsync(RepoLayout repo, string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set -e; source '{repo.PostgresScript}'; {script}");
        start.ArgumentList.Add("chaos");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new ChaosSetupException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // Not cancellable on purpose: a half-done pg_ctl would leave a server behind.
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new ChaosSetupException($"`{script}` failed with exit code {process.ExitCode}:\n{await output}{await errors}");
        }
    }
}

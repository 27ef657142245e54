using System.Diagnostics;

namespace TicketBoss.Chaos.Cluster;

/// <summary>Sends POSIX signals with kill(1): .NET itself can only send SIGKILL, and the run also needs STOP, CONT and TERM.</summary>
internal static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill(1) did not start");
        kill.WaitForExit();
    }
}

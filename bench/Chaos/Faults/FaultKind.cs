namespace TicketBoss.Chaos.Faults;

/// <summary>The kinds of trouble the run causes.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL of a silo, then a fresh process on the same port.</summary>
    Kill,

    /// <summary>SIGSTOP of a silo for longer than the death timeout, then SIGCONT: it looks dead and comes back.</summary>
    Pause,

    /// <summary><c>pg_ctl restart -m fast</c>: every connection of every silo breaks at once.</summary>
    PostgresRestart,

    /// <summary>SIGTERM of a silo (it hands its grains over), wait for it to exit, start it again.</summary>
    Graceful,
}

/// <summary>Names of fault kinds on the command line and in the report.</summary>
internal static class FaultKinds
{
    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.Kill => "kill",
        FaultKind.Pause => "pause",
        FaultKind.PostgresRestart => "pg-restart",
        FaultKind.Graceful => "graceful",
        _ => kind.ToString(),
    };

    public static FaultKind? Parse(string name) => Enum.GetValues<FaultKind>().Cast<FaultKind?>().FirstOrDefault(k => Name(k!.Value) == name);
}

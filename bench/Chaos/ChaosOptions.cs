using System.Globalization;
using TicketBoss.Chaos.Faults;

namespace TicketBoss.Chaos;

/// <summary>What the chaos run does: how long, how hard, which faults, and where to find the built service.</summary>
internal sealed record ChaosOptions
{
    public const string Usage = """
        usage: TicketBoss.Chaos [--short] [--seconds N] [--workers N] [--events N] [--seed N] [--ttl S]
                                [--faults kill,pause,pg-restart,graceful | --no-faults] [--fault-gap S] [--pause S]
                                [--detection S] [--silos N] [--request-timeout S] [--history FILE] [--keep-logs] [--repo DIR]
          --short          about a minute: 20 events, 12 workers, every fault kind once or more, holds of 5 s
          --seconds N      load duration (default 120); the load also lasts until every fault kind has happened once
          --faults LIST    which faults to inject, in turn (default all four); kill = SIGKILL + restart,
                           pause = SIGSTOP past the death timeout + SIGCONT, pg-restart = pg_ctl restart -m fast,
                           graceful = SIGTERM, wait, start again
          --seed N         makes the choices of workers and faults repeatable (printed when not given)
          --history FILE   writes every request and answer as JSON lines
        """;

    public double Seconds { get; init; } = 120;
    public int Workers { get; init; } = 16;
    public int Events { get; init; } = 30;
    public int Seed { get; init; } = Random.Shared.Next(1, 1_000_000);
    public int TtlSeconds { get; init; } = 10;
    public IReadOnlyList<FaultKind> Faults { get; init; } = Enum.GetValues<FaultKind>();

    /// <summary>Quiet time between the end of one fault (everything back) and the start of the next.</summary>
    public double FaultGapSeconds { get; init; } = 4;

    /// <summary>Load before the first fault.</summary>
    public double WarmupSeconds { get; init; } = 3;

    /// <summary>How long a paused silo stays stopped: longer than the 4 s death timeout, so it is declared dead.</summary>
    public double PauseSeconds { get; init; } = 6.5;

    /// <summary>How late past its TTL a hold may still be live: death timeout, reminder polling and a margin.</summary>
    public double DetectionSeconds { get; init; } = 8;

    public int Silos { get; init; } = 3;
    public double RequestTimeoutSeconds { get; init; } = 20;
    public string? HistoryFile { get; init; }
    public bool KeepLogs { get; init; }
    public string? RepoRoot { get; init; }
    public bool IsShort { get; init; }

    /// <summary>Parses the command line; null when it is not understood.</summary>
    public static ChaosOptions? Parse(string[] args)
    {
        var options = args.Contains("--short") ? ShortPreset : new ChaosOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            try
            {
                options = args[i] switch
                {
                    "--short" => options,
                    "--seconds" => options with { Seconds = Number() },
                    "--workers" => options with { Workers = (int)Number() },
                    "--events" => options with { Events = (int)Number() },
                    "--seed" => options with { Seed = (int)Number() },
                    "--ttl" => options with { TtlSeconds = (int)Number() },
                    "--faults" => options with { Faults = ParseFaults(Next()) },
                    "--no-faults" => options with { Faults = [] },
                    "--fault-gap" => options with { FaultGapSeconds = Number() },
                    "--pause" => options with { PauseSeconds = Number() },
                    "--detection" => options with { DetectionSeconds = Number() },
                    "--silos" => options with { Silos = (int)Number() },
                    "--request-timeout" => options with { RequestTimeoutSeconds = Number() },
                    "--history" => options with { HistoryFile = Next() },
                    "--keep-logs" => options with { KeepLogs = true },
                    "--repo" => options with { RepoRoot = Next() },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }
        return options.Workers < 1 || options.Events < 1 || options.Silos < 2 || options.TtlSeconds < 1 ? null : options;
    }

    /// <summary>About a minute in all: every fault kind at least once, under lighter load, with short holds.</summary>
    private static ChaosOptions ShortPreset => new()
    {
        IsShort = true,
        Seconds = 35,
        Workers = 12,
        Events = 20,
        TtlSeconds = 5,
        FaultGapSeconds = 2,
        WarmupSeconds = 2,
        RequestTimeoutSeconds = 15,
    };

    private static FaultKind[] ParseFaults(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(name => FaultKinds.Parse(name) ?? throw new FormatException($"unknown fault {name}; use kill, pause, pg-restart, graceful"))];
}

using System.Globalization;

namespace TicketBoss.Bench;

/// <summary>Command-line settings of a run; every value has a default so that a bare run measures something useful.</summary>
internal sealed record BenchOptions(
    Uri Url,
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<int> Connections,
    IReadOnlyList<int> Quantities,
    int Seconds,
    IReadOnlyList<int> Events,
    string? Postgres,
    int Rate)
{
    public const string Usage = """
        dotnet bench/Bench/bin/Release/net10.0/TicketBoss.Bench.dll [options]
          --url URL            gateway to measure (default http://127.0.0.1:8080)
          --scenario LIST      hot,hold-book,spread,last-seats,expiry,conventional,direct (default hot,conventional)
          --connections LIST   concurrent connections per run (default 256)
          --qty LIST           seats per hold in the hot scenario (default 1)
          --seconds N          length of each timed run (default 15)
          --events LIST        events of the spread scenario, one run each (default 10000; e.g. 1,100,10000)
          --postgres CS        PostgreSQL of the service: the conventional comparator's tables, and the membership
                               table the direct scenario's Orleans client finds the silos in (default: env
                               ConnectionStrings__Postgres)
          --rate N             open loop: N operations per second on a fixed schedule, the connections bounding those in
                               flight, latency timed from when each was due (default 0: closed loop)
        """;

    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        static int[] Numbers(string text) => [.. List(text).Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
        return new BenchOptions(
            new Uri(Value("--url", "http://127.0.0.1:8080")),
            List(Value("--scenario", "hot,conventional")),
            Numbers(Value("--connections", "256")),
            Numbers(Value("--qty", "1")),
            int.Parse(Value("--seconds", "15"), CultureInfo.InvariantCulture),
            Numbers(Value("--events", "10000")),
            Value("--postgres", Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? "") is { Length: > 0 } pg ? pg : null,
            int.Parse(Value("--rate", "0"), CultureInfo.InvariantCulture));
    }
}

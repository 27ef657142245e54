namespace TicketBoss.Failover;

/// <summary>Command-line settings of a failover run.</summary>
internal sealed record FailoverOptions(Uri Url, int Events, int Workers, int Seconds, int KillAfterSeconds, int TtlSeconds, double DetectionSeconds)
{
    public static FailoverOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new FailoverOptions(
            new Uri(Value("--url", "http://127.0.0.1:8080")),
            int.Parse(Value("--events", "30")),
            int.Parse(Value("--workers", "32")),
            int.Parse(Value("--seconds", "20")),
            int.Parse(Value("--kill-after", "6")),
            int.Parse(Value("--ttl", "10")),
            double.Parse(Value("--detection", "6"), System.Globalization.CultureInfo.InvariantCulture));
    }
}

namespace TicketBoss.Bench;

/// <summary>Command-line settings of a run.</summary>
internal sealed record BenchOptions(Uri Url, int Connections, int Seconds, int Quantity, int Capacity)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new BenchOptions(
            new Uri(Value("--url", "http://127.0.0.1:8080")),
            int.Parse(Value("--connections", "256")),
            int.Parse(Value("--seconds", "20")),
            int.Parse(Value("--qty", "1")),
            int.Parse(Value("--capacity", "1000000")));
    }
}

using TicketBoss.Bench;

// Usage: dotnet run -c Release --project bench/Bench -- [--url http://127.0.0.1:8080] [--connections 256]
//        [--seconds 20] [--qty 1] [--capacity 1000000]
// Drives one hot event with holds over HTTP, then prints throughput, latency percentiles, errors,
// the conditions of the run, and whether the event's counts still add up (nothing oversold).
var options = BenchOptions.Parse(args);
var result = await HotEventScenario.RunAsync(options);
result.Print(options);
return result.Consistent ? 0 : 1;

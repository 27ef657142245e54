using TicketBoss.Chaos;

// Starts a private PostgreSQL, three silos and the gateway as real processes, drives mixed load while killing,
// pausing and restarting them and PostgreSQL, then checks the recorded history against the database and the API.
// Exit code 0: VERDICT PASS; 1: VERDICT FAIL; 2: the run could not be set up or was interrupted.
var options = ChaosOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(ChaosOptions.Usage);
    return 2;
}
using var interrupt = new InterruptSignal();
try
{
    var verdict = await new ChaosRun(options, interrupt.Token).ExecuteAsync();
    return verdict.Passed ? 0 : 1;
}
catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted: every process was stopped and the data directory removed.");
    return 2;
}
catch (ChaosSetupException e)
{
    Console.Error.WriteLine($"the run could not be set up: {e.Message}");
    return 2;
}

using TicketBoss.Failover;

// Usage: dotnet bench/Failover/bin/Release/net10.0/TicketBoss.Failover.dll [--url http://127.0.0.1:8080]
//        [--events 30] [--workers 32] [--seconds 20] [--kill-after 6] [--ttl 10] [--detection 6]
// Against `./run.sh --silos 3` on this machine: drives holds and bookings on many events, SIGKILLs the busiest
// silo in the middle, then checks that every acknowledged booking is readable, every event's counts add up,
// every hold expired within its TTL plus the detection time, and /cluster shows the survivors.
var options = FailoverOptions.Parse(args);
var run = new FailoverRun(options);
var verdict = await run.ExecuteAsync();
return verdict.Print(options) ? 0 : 1;

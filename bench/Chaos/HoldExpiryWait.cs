using Npgsql;
using TicketBoss.Chaos.Checks;

namespace TicketBoss.Chaos;

/// <summary>
/// After the load, waits until no hold is live any more, or until every hold's TTL plus the detection time has passed,
/// so that the checks see a settled state: holds that could expire have, and nothing changes while they read.
/// </summary>
internal static class HoldExpiryWait
{
    /// <summary>Seats still in live holds when the wait ended, and when that was relative to the last possible expiry.</summary>
    public sealed record Result(long StillActive, TimeSpan AfterLastExpiry);

    public static async Task<Result> RunAsync(string connectionString, DateTimeOffset lastHoldRequest, ChaosOptions options, CancellationToken interrupt)
    {
        var lastExpiry = lastHoldRequest + TimeSpan.FromSeconds(options.TtlSeconds);
        var giveUp = lastExpiry + TimeSpan.FromSeconds(options.DetectionSeconds);
        // A hold acknowledged late (a slow request during a fault) expires later: the request timeout bounds that.
        var hardStop = giveUp + TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        var active = -1L;
        while (true)
        {
            try
            {
                (active, var pastDue) = await DatabaseState.CountActiveHoldsAsync(connectionString);
                var now = DateTimeOffset.UtcNow;
                if (active == 0 || (now > giveUp && pastDue > 0) || now > hardStop)
                {
                    return new Result(active, now - lastExpiry);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
            }
            await Task.Delay(250, interrupt);
        }
    }
}

namespace TicketBoss.Chaos.Load;

/// <summary>
/// One sequential reader of GET /events/{id}, round and round over every event: since each read starts after the
/// previous one answered, the versions it sees for one event must never go down.
/// </summary>
internal sealed class VersionPoller(RecordingClient client, IReadOnlyList<string> eventIds)
{
    /// <summary>The worker number of the poller's entries in the history.</summary>
    public const int WorkerId = -2;

    public async Task RunAsync(CancellationToken stop, CancellationToken interrupt)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var id in eventIds)
            {
                await client.SendAsync(Requests.ReadEvent(id), SendReason.First, WorkerId, interrupt);
            }
            await Task.Delay(100, interrupt);
        }
    }
}

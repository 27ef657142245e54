using TicketBoss.Runtime.Activation;

namespace TicketBoss.Tests.Runtime;

/// <summary>The scheduler under every activation: one task at a time, in the order queued, never inlined from outside.</summary>
public sealed class TurnSchedulerTests
{
    [Fact]
    public async Task TasksQueuedFromManyThreadsRunOneAtATimeAndEachProducersInOrder()
    {
        var scheduler = new TurnScheduler();
        var inside = 0;
        var maxInside = 0;
        var runs = new List<(int Producer, int Sequence)>();
        var producers = Enumerable.Range(0, 8).Select(producer => Task.Run(() =>
            Enumerable.Range(0, 500).Select(sequence => Task.Factory.StartNew(() =>
            {
                var now = Interlocked.Increment(ref inside);
                maxInside = Math.Max(maxInside, now);
                runs.Add((producer, sequence));
                Thread.SpinWait(50);
                Interlocked.Decrement(ref inside);
            }, CancellationToken.None, TaskCreationOptions.None, scheduler)).ToArray()));

        await Task.WhenAll((await Task.WhenAll(producers)).SelectMany(t => t));

        Assert.Equal(1, maxInside);
        Assert.Equal(8 * 500, runs.Count);
        Assert.All(runs.GroupBy(r => r.Producer), g => Assert.Equal(Enumerable.Range(0, 500), g.Select(r => r.Sequence)));
    }

    [Fact]
    public async Task AwaitsInsideATaskResumeOnTheSchedulerWithoutOverlappingOthers()
    {
        var scheduler = new TurnScheduler();
        var inside = 0;
        var overlaps = 0;
        var work = Enumerable.Range(0, 50).Select(_ => Task.Factory.StartNew(async () =>
        {
            for (var step = 0; step < 5; step++)
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }
                Assert.Same(scheduler, TaskScheduler.Current);
                Interlocked.Decrement(ref inside);
                await Task.Yield();
            }
        }, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap());

        await Task.WhenAll(work);

        Assert.Equal(0, overlaps);
    }
}

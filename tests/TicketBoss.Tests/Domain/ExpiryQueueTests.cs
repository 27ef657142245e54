using TicketBoss.Grains.Domain;

namespace TicketBoss.Tests.Domain;

/// <summary>The expiry queue gives holds back earliest first, whatever order they were added in.</summary>
public sealed class ExpiryQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HoldsComeOutInTheOrderTheyExpire()
    {
        var random = new Random(7);
        var queue = new ExpiryQueue();
        var expected = new PriorityQueue<int, DateTimeOffset>();
        for (var round = 0; round < 20_000; round++)
        {
            // Mostly adds, some takes, so that the heap grows and shrinks through many shapes.
            if (random.Next(3) > 0 || expected.Count == 0)
            {
                // Distinct instants (the round is in the low digits), so that the order is exact.
                var at = T0.AddTicks((random.Next(100_000) * 100_000L) + round);
                queue.Enqueue(round, at);
                expected.Enqueue(round, at);
                continue;
            }
            Assert.True(queue.TryPeek(out var slot, out var due));
            expected.TryPeek(out var expectedSlot, out var expectedDue);
            Assert.Equal((expectedSlot, expectedDue), (slot, due));
            queue.Dequeue();
            expected.Dequeue();
            Assert.Equal(expected.Count, queue.Count);
        }
    }

    [Fact]
    public void AnExpiryGivenWithAnOffsetComesBackAsTheSameInstant()
    {
        var queue = new ExpiryQueue();
        var at = new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.FromHours(2));
        queue.Enqueue(3, at);

        Assert.True(queue.TryPeek(out var slot, out var due));
        Assert.Equal((3, at.UtcDateTime), (slot, due.UtcDateTime));
    }

    [Fact]
    public void AnEmptyQueueHasNothingToPeekOrTake()
    {
        var queue = new ExpiryQueue();

        Assert.False(queue.TryPeek(out _, out _));
        Assert.Throws<InvalidOperationException>(queue.Dequeue);
    }
}

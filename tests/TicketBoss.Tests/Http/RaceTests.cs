using System.Net;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>Many buyers at once on events of their own: nobody is oversold, nobody is refused while seats remain.</summary>
public sealed class RaceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task TwoBuyersOfThreeSeatsOnAFiveSeatEventGetExactlyOneHoldAndOneConflict()
    {
        for (var round = 0; round < 10; round++)
        {
            var eventId = await _client.CreateEventAsync(5);
            using var start = new SemaphoreSlim(0);
            var buyers = Enumerable.Range(0, 2).Select(async _ =>
            {
                await start.WaitAsync();
                return await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 3 });
            }).ToArray();
            start.Release(2);
            var responses = await Task.WhenAll(buyers);

            var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            var lost = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            await lost.AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
            Assert.Equal(3, (await won.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("qty").GetInt32());
            Assert.Equal((2, 3, 0, 1L), await _client.CountsAsync(eventId));
        }
    }

    [Fact]
    public async Task TwoHundredParallelOneSeatHoldsOnFiftySeatsGiveExactlyFiftyHoldsAndNoSeatTwice()
    {
        var eventId = await _client.CreateEventAsync(50);
        using var start = new SemaphoreSlim(0);
        var buyers = Enumerable.Range(0, 200).Select(async _ =>
        {
            await start.WaitAsync();
            return await _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 1 });
        }).ToArray();
        start.Release(200);
        var responses = await Task.WhenAll(buyers);

        var won = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(50, won.Count);
        Assert.Equal(150, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var seats = new List<string>();
        foreach (var response in won)
        {
            seats.AddRange((await response.ReadJsonAsync(HttpStatusCode.Created)).Strings("seats"));
        }
        Assert.Equal(Enumerable.Range(1, 50).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), seats.Order());
        Assert.Equal((0, 50, 0, 50L), await _client.CountsAsync(eventId));

        var doubled = await QueryAsync(fixture.ConnectionString,
            "SELECT event_id, seat, count(*) FROM seat_assignments GROUP BY 1, 2 HAVING count(*) > 1");
        Assert.Empty(doubled);
        var row = Assert.Single(await QueryAsync(fixture.ConnectionString,
            "SELECT capacity, available, held, booked, version FROM events WHERE event_id = $1", eventId));
        Assert.Equal<object?>([50, 0, 50, 0, 50L], row);
        Assert.Equal(50L, Assert.Single(await QueryAsync(fixture.ConnectionString,
            "SELECT count(*) FROM seat_assignments WHERE event_id = $1 AND status = 'held'", eventId))[0]);
        Assert.Empty(await QueryAsync(fixture.ConnectionString,
            "SELECT event_id FROM events WHERE available + held + booked <> capacity"));
    }

    [Fact]
    public async Task ABookingAppliedWhileAnotherCommitIsInFlightIsCommittedByTheNextCommit()
    {
        // Group commit (DESIGN.md, guarantees 3 and 4): while one commit waits for PostgreSQL, the event keeps applying
        // requests, and the next commit makes them durable. Neither caller is refused: no other activation wrote.
        var eventId = await _client.CreateEventAsync(10);
        Task<HttpResponseMessage> first, second;
        await using (var rowLock = await RowLock.TakeAsync(fixture.ConnectionString, eventId))
        {
            first = _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { "1" } });
            await Poll.UntilAsync(async () => await Db.ScalarAsync<long>(fixture.ConnectionString,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
                TimeSpan.FromSeconds(10), "the first booking's commit waits on the row lock");
            second = _client.PostJsonAsync("/bookings", new { event_id = eventId, seats = new[] { "2" } });
            await Task.Delay(300);
            Assert.False(first.IsCompleted, "the first booking was answered before its commit");
            Assert.False(second.IsCompleted, "the second booking was answered before its commit");
            await rowLock.ReleaseAsync();
        }
        using var firstResponse = await first;
        using var secondResponse = await second;

        Assert.Equal(["1"], (await firstResponse.ReadJsonAsync(HttpStatusCode.Created)).Strings("seats"));
        Assert.Equal(["2"], (await secondResponse.ReadJsonAsync(HttpStatusCode.Created)).Strings("seats"));
        Assert.Equal((8, 0, 2, 2L), await _client.CountsAsync(eventId));
        var row = Assert.Single(await QueryAsync(fixture.ConnectionString,
            "SELECT available, booked, version, (SELECT count(*) FROM bookings b WHERE b.event_id = e.event_id) FROM events e WHERE event_id = $1", eventId));
        Assert.Equal<object?>([8, 2, 2L, 2L], row);
    }
}

/// <summary>The last-seat race on the fresh 500-seat partner event (a fixture and database of its own).</summary>
public sealed class PartnerLastSeatRaceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task OneHundredSeventyParallelThreeSeatReservationsOnFiveHundredSeatsGive166AndFourConflicts()
    {
        var before = await (await _client.GetAsync("/reservations")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((500, 0, 0L), (before.GetProperty("availableSeats").GetInt32(), before.GetProperty("reservationCount").GetInt32(), before.GetProperty("version").GetInt64()));

        using var start = new SemaphoreSlim(0);
        var partners = Enumerable.Range(0, 170).Select(async i =>
        {
            await start.WaitAsync();
            return await _client.PostJsonAsync("/reservations", new { partnerId = $"partner-{i}", seats = 3 });
        }).ToArray();
        start.Release(170);
        var responses = await Task.WhenAll(partners);

        var answers = string.Join(", ", await Task.WhenAll(responses.GroupBy(r => r.StatusCode).Select(async g =>
            $"{(int)g.Key} x{g.Count()} ({await g.First().Content.ReadAsStringAsync()})")));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) == 166, answers);
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(4, conflicts.Count);
        foreach (var conflict in conflicts)
        {
            Assert.Equal("Not enough seats left", await conflict.AssertPartnerErrorAsync(HttpStatusCode.Conflict));
        }
        var ids = new HashSet<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            Assert.True(ids.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).Str("reservationId")));
        }

        var summary = await (await _client.GetAsync("/reservations")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, summary.GetProperty("availableSeats").GetInt32());
        Assert.Equal(166, summary.GetProperty("reservationCount").GetInt32());
        Assert.Equal(166, summary.GetProperty("version").GetInt64());
        Assert.Empty(await QueryAsync(fixture.ConnectionString,
            "SELECT event_id, seat, count(*) FROM seat_assignments GROUP BY 1, 2 HAVING count(*) > 1"));
        var row = Assert.Single(await QueryAsync(fixture.ConnectionString,
            "SELECT available, held, booked, reservation_count, version FROM events WHERE event_id = $1", PartnerEventId));
        Assert.Equal<object?>([2, 0, 498, 166, 166L], row);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>Events created from a seat map with sections: best-available holds, the seat view, and the rows kept in PostgreSQL.</summary>
public sealed class SeatMapTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private static readonly object House = new
    {
        name = "Opera night",
        seat_map = new
        {
            sections = new object[]
            {
                new { name = "Stalls", rows = new object[] { new { row = "A", seats = 4 }, new { row = "B", seats = 4 } } },
                new { name = "Balcony", rows = new object[] { new { row = "C", labels = new[] { "C-1", "C-2", "C-3" } } } },
            },
        },
    };

    private async Task<string> CreateHouseAsync()
    {
        using var response = await _client.PostJsonAsync("/events", House);
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(11, body.GetProperty("total_seats").GetInt32());
        return body.Str("event_id");
    }

    [Fact]
    public async Task AQuantityHoldSaysWhichAdjacentSeatsItGotInTheFirstRowWithRoom()
    {
        var eventId = await CreateHouseAsync();
        await _client.HoldSeatsAsync(eventId, "A3");

        var hold = await _client.HoldAsync(eventId, 3);

        Assert.Equal(["B1", "B2", "B3"], hold.Strings("seats"));
        Assert.Equal(["A1", "A2"], (await _client.HoldAsync(eventId, 2)).Strings("seats"));
    }

    [Fact]
    public async Task ParallelQuantityHoldsNeverShareASeatAndEachSitsTogetherWhileRowsAllowIt()
    {
        var eventId = await CreateHouseAsync();

        var holds = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _client.PostJsonAsync("/holds", new { event_id = eventId, qty = 2 })));

        var seats = new List<string[]>();
        foreach (var response in holds)
        {
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    seats.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).Strings("seats"));
                }
                else
                {
                    await response.AssertProblemAsync(HttpStatusCode.Conflict, "not_enough_seats");
                }
            }
        }
        var all = seats.SelectMany(s => s).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        // Rows of 4, 4 and 3 seat five pairs side by side; the sixth pair finds one seat left and is refused.
        Assert.Equal(5, seats.Count);
        Assert.All(seats, pair => Assert.Equal(pair[0][..1], pair[1][..1]));
    }

    [Fact]
    public async Task TheSeatViewShowsEverySeatWithItsSectionRowAndState()
    {
        var eventId = await CreateHouseAsync();
        await _client.HoldSeatsAsync(eventId, "C-2");

        using var response = await _client.GetAsync($"/events/{eventId}/seats");

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var seats = body.GetProperty("seats").EnumerateArray().ToList();
        Assert.Equal(11, seats.Count);
        Assert.Equal(("A1", "Stalls", "A", "available"), (seats[0].Str("label"), seats[0].Str("section"), seats[0].Str("row"), seats[0].Str("status")));
        Assert.Equal(("C-2", "Balcony", "C", "held"), (seats[9].Str("label"), seats[9].Str("section"), seats[9].Str("row"), seats[9].Str("status")));
        Assert.Equal(1, body.GetProperty("held_seats").GetInt32());
    }

    [Fact]
    public async Task SectionsAndRowsAreStoredAndStillGuideHoldsAfterAReload()
    {
        var eventId = await CreateHouseAsync();
        await _client.HoldSeatsAsync(eventId, "A2");

        await fixture.Grains.DeactivateAllAsync();

        Assert.Equal(["B1", "B2", "B3"], (await _client.HoldAsync(eventId, 3)).Strings("seats"));
        var rows = await QueryAsync(fixture.ConnectionString,
            "SELECT section, row_label, first_seat, seat_count FROM seat_rows WHERE event_id = $1 ORDER BY position", eventId);
        Assert.Equal(
            [["Stalls", "A", 0, 4], ["Stalls", "B", 4, 4], ["Balcony", "C", 8, 3]],
            rows.Select(r => r.ToArray()).ToArray());
        var seats = (await _client.GetAsync($"/events/{eventId}/seats")).Content.ReadAsStringAsync();
        Assert.Contains("\"section\":\"Balcony\"", await seats);
    }

    [Fact]
    public async Task AMapsPreferenceIsStoredAndStillGuidesHoldsAfterAReload()
    {
        var created = await _client.PostJsonAsync("/events", new
        {
            name = "First " + Guid.NewGuid().ToString("N"),
            seat_map = new { rows = new[] { new { row = "A", seats = 6 } }, preference = "first" },
        });
        var eventId = (await created.ReadJsonAsync(HttpStatusCode.Created)).Str("event_id");
        var centred = await _client.CreateMappedEventAsync(("A", 6));

        await fixture.Grains.DeactivateAllAsync();

        Assert.Equal(["A1", "A2"], (await _client.HoldAsync(eventId, 2)).Strings("seats"));
        Assert.Equal(["A3", "A4"], (await _client.HoldAsync(centred, 2)).Strings("seats"));
    }

    [Fact]
    public async Task NumberedEventsShowSeatsWithoutSectionsOrRows()
    {
        var eventId = await _client.CreateEventAsync(3);

        var body = await (await _client.GetAsync($"/events/{eventId}/seats")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.All(body.GetProperty("seats").EnumerateArray(), seat =>
        {
            Assert.False(seat.TryGetProperty("section", out _));
            Assert.False(seat.TryGetProperty("row", out _));
        });
    }
}

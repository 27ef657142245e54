using System.Net;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>Single seats of the default labelled event (rows A..T of 25). Each test uses seats no other test touches.</summary>
public sealed class SingleSeatTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("/seats")]
    [InlineData("/api/v1/seats")]
    public async Task ListingSeatsGivesAllFiveHundredLabelledSeatsWithTheirStatus(string path)
    {
        var body = await (await _client.GetAsync(path)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        var seats = body.EnumerateArray().ToList();
        Assert.Equal(500, seats.Count);
        var expected = "ABCDEFGHIJKLMNOPQRST".SelectMany(row => Enumerable.Range(1, 25).Select(n => $"{row}{n}")).ToArray();
        Assert.Equal(expected, seats.Select(s => s.Str("seat_id")).ToArray());
        Assert.All(seats, s => Assert.Contains(s.Str("status"), new[] { "available", "held", "reserved" }));
        Assert.All(seats, s => Assert.Equal(["seat_id", "status"], s.EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Fact]
    public async Task ReservingASeatAnswers201WithTheSeatUserAndTimeAndTheSeatShowsReserved()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var response = await _client.PostJsonAsync("/reserve", new { seat_id = "C7", user_id = "user-42" });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("reserved", body.Str("status"));
        Assert.Equal("C7", body.Str("seat_id"));
        Assert.Equal("user-42", body.Str("user_id"));
        Assert.InRange(body.GetProperty("reservation_time").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(5));
        var seats = await (await _client.GetAsync("/seats")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("reserved", seats.EnumerateArray().Single(s => s.Str("seat_id") == "C7").Str("status"));
        Assert.Equal("available", seats.EnumerateArray().Single(s => s.Str("seat_id") == "C8").Str("status"));
    }

    [Fact]
    public async Task ReservingATakenSeatIs409SeatTaken()
    {
        (await _client.PostJsonAsync("/api/v1/reserve", new { seat_id = "D1", user_id = "first" })).EnsureSuccessStatusCode();
        var version = (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version;

        var response = await _client.PostJsonAsync("/reserve", new { seat_id = "D1", user_id = "second" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");
        Assert.Equal(version, (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version);
    }

    [Fact]
    public async Task ReservingAHeldSeatIs409SeatTaken()
    {
        await _client.HoldSeatsAsync(HttpTestHelpers.SeatEventId, "E5");

        await (await _client.PostJsonAsync("/reserve", new { seat_id = "E5", user_id = "someone" })).AssertProblemAsync(HttpStatusCode.Conflict, "seat_taken");
    }

    [Theory]
    [InlineData("Z1")]
    [InlineData("A26")]
    [InlineData("a1")]
    [InlineData("1")]
    [InlineData(" A1")]
    public async Task ReservingAnUnknownSeatIs404(string seat)
    {
        var version = (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version;

        await (await _client.PostJsonAsync("/reserve", new { seat_id = seat, user_id = "u1" })).AssertProblemAsync(HttpStatusCode.NotFound, "seat_not_found");

        Assert.Equal(version, (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version);
    }

    [Theory]
    [InlineData("""{"user_id":"u1"}""")]
    [InlineData("""{"seat_id":"F1"}""")]
    [InlineData("""{"seat_id":"","user_id":"u1"}""")]
    [InlineData("""{"seat_id":"F1","user_id":""}""")]
    [InlineData("""{"seat_id":null,"user_id":"u1"}""")]
    [InlineData("""{"seat_id":"F1","user_id":null}""")]
    [InlineData("""{"seat_id":7,"user_id":"u1"}""")]
    [InlineData("""{"seat_id":"F1","user_id":7}""")]
    [InlineData("{}")]
    public async Task ReservingWithMissingOrWrongFieldsIs400(string body)
    {
        var version = (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version;

        await (await _client.PostRawAsync("/reserve", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal(version, (await _client.CountsAsync(HttpTestHelpers.SeatEventId)).Version);
        Assert.Equal("available", (await _client.SeatStatusesAsync(HttpTestHelpers.SeatEventId))["F1"]);
    }
}

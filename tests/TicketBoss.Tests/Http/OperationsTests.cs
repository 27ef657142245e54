using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>Health probes and metrics, in Prometheus text and in JSON.</summary>
public sealed class OperationsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] JsonFigures = ["total_events", "active_holds", "total_bookings", "expired_holds", "total_seats_booked"];

    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/api/v1/health")]
    [InlineData("/api/v1/health/live")]
    [InlineData("/api/v1/health/ready")]
    public async Task HealthProbesAnswer200WhileTheSiloAndDatabaseServe(string path)
    {
        var response = await _client.GetAsync(path);

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(body.Str("status"), new[] { "live", "ready" });
    }

    [Fact]
    public async Task MetricsAreInPrometheusTextByDefault()
    {
        var response = await _client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE ticketboss_total_events gauge\n", text);
        var figures = ParsePrometheusText(text);
        Assert.True(figures["ticketboss_total_events"] >= 2, text);
        foreach (var name in JsonFigures)
        {
            Assert.True(figures.ContainsKey("ticketboss_" + name), name);
        }
    }

    [Theory]
    [InlineData("/metrics", true)]
    [InlineData("/api/v1/metrics", false)]
    [InlineData("/api/v1/metrics", true)]
    public async Task MetricsAreJsonWhenAskedAndAlwaysUnderApiV1(string path, bool acceptJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptJson)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        var body = await (await _client.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK);

        foreach (var name in JsonFigures)
        {
            Assert.True(body.TryGetProperty(name, out var value), $"{name} missing: {body}");
            Assert.Equal(JsonValueKind.Number, value.ValueKind);
            Assert.True(value.GetDouble() >= 0, name);
        }
        Assert.True(body.GetProperty("total_events").GetDouble() >= 2);
    }

    [Fact]
    public async Task MetricsFollowHoldsBookingsAndExpiries()
    {
        var before = await JsonMetricsAsync();
        var eventId = await _client.CreateEventAsync(10);
        var kept = await _client.HoldAsync(eventId, 2);
        var booked = await _client.HoldAsync(eventId, 3);
        await _client.BookHoldAsync(booked);
        var expired = await _client.HoldAsync(eventId, 1);
        (await _client.PostAsync($"/holds/{expired.Str("hold_id")}/expire", null)).EnsureSuccessStatusCode();

        var after = await JsonMetricsAsync();

        Assert.Equal(before["total_events"] + 1, after["total_events"]);
        Assert.Equal(before["active_holds"] + 1, after["active_holds"]);
        Assert.Equal(before["expired_holds"] + 1, after["expired_holds"]);
        Assert.Equal(before["total_bookings"] + 1, after["total_bookings"]);
        Assert.Equal(before["total_seats_booked"] + 3, after["total_seats_booked"]);
        Assert.Equal("active", (await (await _client.GetAsync($"/holds/{kept.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
    }

    /// <summary>
    /// Series (name with its labels) to value. The value follows the last space: label values may hold spaces (Npgsql
    /// labels its pool with the connection string, password left out).
    /// </summary>
    internal static Dictionary<string, double> ParsePrometheusText(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => !line.StartsWith('#'))
        .Select(line => (Name: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
        .ToDictionary(p => p.Name, p => double.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture));

    private async Task<Dictionary<string, double>> JsonMetricsAsync()
    {
        var body = await (await _client.GetAsync("/api/v1/metrics")).ReadJsonAsync(HttpStatusCode.OK);
        return body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}

/// <summary>
/// The Prometheus text carries the meters of the process (prometheus-net's meter adapter): HTTP requests
/// (<c>Microsoft.AspNetCore.Hosting</c>), Orleans's activations (<c>Microsoft.Orleans</c>), and the ticketing and storage
/// meters, each series named after its meter and instrument. Every gateway of the test process adds to the same
/// series, so this runs apart from the tests that run in parallel.
/// </summary>
[Collection(nameof(ProcessMetersCollection))]
public sealed class PrometheusMetersTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task PrometheusTextCarriesTheMeteredRequestsHoldsBookingsExpiriesCommitsAndActivations()
    {
        var before = await TextMetricsAsync();
        var eventId = await _client.CreateEventAsync(10);
        await _client.HoldAsync(eventId, 2);
        await _client.BookHoldAsync(await _client.HoldAsync(eventId, 3));
        await _client.HoldAsync(eventId, 1, ttlSeconds: 1);
        await Poll.UntilAsync(async () => (await _client.CountsAsync(eventId)).Held == 2, TimeSpan.FromSeconds(10), "two seats are held");

        var after = await TextMetricsAsync();

        double Grew(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        Assert.Equal(3, Grew("ticketboss_ticketing_holds_placed"));
        Assert.Equal(6, Grew("ticketboss_ticketing_holds_seats"));
        Assert.Equal(1, Grew("ticketboss_ticketing_holds_ended{outcome=\"booked\"}"));
        Assert.Equal(1, Grew("ticketboss_ticketing_holds_ended{outcome=\"expired\"}"));
        Assert.Equal(1, Grew("ticketboss_ticketing_bookings_confirmed{kind=\"hold\"}"));
        Assert.Equal(1, Grew("ticketboss_ticketing_holds_expiry_lateness_count"));
        Assert.True(Grew("ticketboss_storage_commit_transaction_commits_count") >= 1);
        Assert.True(Grew("ticketboss_storage_commits") >= 4);
        Assert.Equal(after["ticketboss_storage_commit_duration_count"], after["ticketboss_storage_commit_duration_bucket{le=\"+Inf\"}"]);
        Assert.True(after["ticketboss_storage_commit_duration_count"] >= 4);
        Assert.True(after["microsoft_orleans_orleans_catalog_activations{grain_type=\"event\"}"] >= 1);
        var holdRequests = after.Where(p => p.Key.StartsWith("microsoft_aspnetcore_hosting_http_server_request_duration_count{", StringComparison.Ordinal)
            && p.Key.Contains("http_request_method=\"POST\"") && p.Key.Contains("http_route=\"/holds\"")).Sum(p => p.Value);
        Assert.True(holdRequests >= 3, string.Join('\n', after.Keys));
    }

    private async Task<Dictionary<string, double>> TextMetricsAsync() => OperationsTests.ParsePrometheusText(await _client.GetStringAsync("/metrics"));
}

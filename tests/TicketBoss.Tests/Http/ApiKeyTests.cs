using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBoss.Tests.Infrastructure;
using static TicketBoss.Tests.Http.ApiKeyFixture;
using static TicketBoss.Tests.Http.HttpTestHelpers;

namespace TicketBoss.Tests.Http;

/// <summary>
/// API keys: admin routes need the admin key, partner routes a partner (or admin) key, a partner acts only as itself,
/// buyers stay anonymous, and an unknown key is refused everywhere. The partner event is shared by this class's
/// tests (which xunit runs one at a time), so they assert on differences.
/// </summary>
public sealed class ApiKeyTests(ApiKeyFixture fixture) : IClassFixture<ApiKeyFixture>
{
    /// <summary>How a key travels.</summary>
    public enum Via
    {
        None,
        XApiKey,
        Bearer,
    }

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task WithoutConfiguredKeysEveryRouteStaysOpen()
    {
        var open = new GatewayFixture();
        await open.InitializeAsync();
        try
        {
            var created = await (await open.Client.PostJsonAsync("/events", new { name = "Open", total_seats = 5 })).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(5, created.GetProperty("total_seats").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await open.Client.GetAsync("/metrics")).StatusCode);
            await (await open.Client.PostJsonAsync("/reservations", new { partnerId = "acme", seats = 1 })).ReadJsonAsync(HttpStatusCode.Created);

            // With no key configured a presented key is not checked against anything.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/cluster");
            request.Headers.Add("X-Api-Key", WrongKey);
            var response = await open.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await open.DisposeAsync();
        }
    }

    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "POST", "/events" },
        { "DELETE", "/bookings/bk_unknown00000.evt_nosuchevent0" },
        { "POST", "/holds/hld_unknown0000.evt_nosuchevent0/expire" },
        { "GET", "/metrics" },
        { "GET", "/cluster" },
        { "POST", "/api/v1/events" },
        { "DELETE", "/api/v1/bookings/bk_unknown00000.evt_nosuchevent0" },
        { "POST", "/api/v1/holds/hld_unknown0000.evt_nosuchevent0/expire" },
        { "GET", "/api/v1/metrics" },
        { "GET", "/api/v1/cluster" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoutesWithoutAKeyAre401ApiKeyRequiredWithWwwAuthenticate(string method, string path)
    {
        var before = await TotalEventsAsync();

        var response = await SendAsync(method, path, null, Via.None, AnEvent());

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "api_key_required");
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await TotalEventsAsync());
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoutesWithAPartnerKeyAre403Forbidden(string method, string path)
    {
        var before = await TotalEventsAsync();

        foreach (var via in new[] { Via.XApiKey, Via.Bearer })
        {
            var response = await SendAsync(method, path, AcmeKey, via, AnEvent());

            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
        Assert.Equal(before, await TotalEventsAsync());
    }

    [Theory]
    [InlineData(Via.XApiKey, "")]
    [InlineData(Via.Bearer, "")]
    [InlineData(Via.XApiKey, "/api/v1")]
    [InlineData(Via.Bearer, "/api/v1")]
    public async Task TheAdminKeyCreatesEventsAndReadsMetricsAndTheCluster(Via via, string prefix)
    {
        var before = await TotalEventsAsync();

        var created = await (await SendAsync("POST", $"{prefix}/events", AdminKey, via, AnEvent())).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(before + 1, await TotalEventsAsync());
        var eventId = created.Str("event_id");
        Assert.Equal(7, (await _client.GetEventAsync(eventId)).GetProperty("available").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", $"{prefix}/metrics", AdminKey, via)).StatusCode);
        await (await SendAsync("GET", $"{prefix}/cluster", AdminKey, via)).ReadJsonAsync(HttpStatusCode.OK);
        await (await SendAsync("DELETE", $"{prefix}/bookings/bk_unknown00000.{eventId}", AdminKey, via)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APartnerCannotCancelABookingNorExpireAHoldButTheAdminCan()
    {
        var eventId = await CreateEventAsAdminAsync(10);
        var booking = await (await SendAsync("POST", "/bookings", AcmeKey, Via.XApiKey, new { event_id = eventId, seats = new[] { 1, 2 } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var hold = await _client.HoldAsync(eventId, 3);
        var bookingPath = $"/bookings/{booking.Str("booking_id")}";
        var expirePath = $"/holds/{hold.Str("hold_id")}/expire";

        await (await SendAsync("DELETE", bookingPath, AcmeKey, Via.XApiKey)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await SendAsync("DELETE", bookingPath, null, Via.None)).AssertProblemAsync(HttpStatusCode.Unauthorized, "api_key_required");
        await (await SendAsync("POST", expirePath, GlobexKey, Via.Bearer)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await SendAsync("POST", expirePath, null, Via.None)).AssertProblemAsync(HttpStatusCode.Unauthorized, "api_key_required");

        var counts = await _client.CountsAsync(eventId);
        Assert.Equal((5, 3, 2), (counts.Available, counts.Held, counts.Booked));
        Assert.Equal("confirmed", (await (await _client.GetAsync(bookingPath)).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("active", (await (await _client.GetAsync($"/holds/{hold.Str("hold_id")}")).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync("DELETE", bookingPath, AdminKey, Via.Bearer)).StatusCode);
        var expired = await (await SendAsync("POST", expirePath, AdminKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", expired.Str("status"));
        counts = await _client.CountsAsync(eventId);
        Assert.Equal((10, 0, 0), (counts.Available, counts.Held, counts.Booked));
    }

    [Theory]
    [InlineData("GET", "/events/node-meetup-2025", Via.XApiKey)]
    [InlineData("GET", "/events/node-meetup-2025", Via.Bearer)]
    [InlineData("GET", "/events", Via.XApiKey)]
    [InlineData("GET", "/health", Via.XApiKey)]
    [InlineData("GET", "/seats", Via.Bearer)]
    [InlineData("POST", "/holds", Via.XApiKey)]
    [InlineData("GET", "/api/v1/events/node-meetup-2025", Via.Bearer)]
    [InlineData("POST", "/api/v1/holds", Via.XApiKey)]
    public async Task AWrongKeyIs401InvalidApiKeyEvenOnAnOpenRoute(string method, string path, Via via)
    {
        var before = await _client.CountsAsync(PartnerEventId);

        var response = await SendAsync(method, path, WrongKey, via, new { event_id = PartnerEventId, qty = 2 });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await _client.CountsAsync(PartnerEventId));
        // The same request without the key is served.
        var served = await SendAsync(method, path, null, Via.None, new { event_id = PartnerEventId, qty = 1 });
        Assert.True(served.IsSuccessStatusCode, $"{(int)served.StatusCode}: {await served.Content.ReadAsStringAsync()}");
        if (method == "POST")
        {
            var hold = await served.ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/holds/{hold.Str("hold_id")}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("GET", "/reservations", Via.XApiKey)]
    [InlineData("POST", "/reservations", Via.Bearer)]
    [InlineData("DELETE", "/reservations/rsv_unknown00000.node-meetup-2025", Via.XApiKey)]
    [InlineData("GET", "/reservations/rsv_unknown00000.node-meetup-2025", Via.Bearer)]
    [InlineData("POST", "/api/v1/reservations", Via.XApiKey)]
    [InlineData("GET", "/api/v1/reservations", Via.Bearer)]
    public async Task AWrongKeyOnPartnerRoutesIs401InThePartnerErrorShape(string method, string path, Via via)
    {
        var before = await SummaryAsync();

        var response = await SendAsync(method, path, WrongKey, via, new { partnerId = "acme", seats = 1 });

        await response.AssertPartnerErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await SummaryAsync());
    }

    [Fact]
    public async Task AnonymousBuyersCanHoldAndBookOnAnEventTheAdminCreated()
    {
        var eventId = await CreateEventAsAdminAsync(6);

        Assert.Equal(6, (await _client.GetEventAsync(eventId)).GetProperty("available").GetInt32());
        await (await _client.GetAsync("/events")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"/events/{eventId}/seats")).ReadJsonAsync(HttpStatusCode.OK);
        var booked = await _client.HoldAsync(eventId, 2);
        var booking = await _client.BookHoldAsync(booked);
        Assert.Equal(2, booking.GetProperty("qty").GetInt32());
        var released = await _client.HoldAsync(eventId, 3);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/holds/{released.Str("hold_id")}")).StatusCode);
        var onV1 = await (await _client.PostJsonAsync("/api/v1/holds", new { event_id = eventId, qty = 1 })).ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.PostJsonAsync("/api/v1/book", new { hold_id = onV1.Str("hold_id"), payment_token = onV1.Str("payment_token") }))
            .ReadJsonAsync(HttpStatusCode.Created);

        var counts = await _client.CountsAsync(eventId);
        Assert.Equal((3, 0, 3), (counts.Available, counts.Held, counts.Booked));
        var seats = await (await _client.GetAsync("/seats")).ReadJsonAsync(HttpStatusCode.OK);
        var free = seats.EnumerateArray().First(s => s.Str("status") == "available").Str("seat_id");
        await (await _client.PostJsonAsync("/reserve", new { seat_id = free, user_id = "anon-" + Guid.NewGuid().ToString("N")[..8] }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await _client.GetAsync("/health/ready")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/reservations", Via.XApiKey)]
    [InlineData("/reservations", Via.Bearer)]
    [InlineData("/api/v1/reservations", Via.XApiKey)]
    public async Task APartnerReservingAsAnotherPartnerIs403AndNothingIsReserved(string path, Via via)
    {
        var before = await SummaryAsync();

        var response = await SendAsync("POST", path, AcmeKey, via, new { partnerId = "globex", seats = 2 });

        await response.AssertPartnerErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await SummaryAsync());
        var seenByPartner = await (await SendAsync("GET", path, AcmeKey, via)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before.ReservationCount, seenByPartner.GetProperty("reservationCount").GetInt32());
        // The same key reserves as its own partner, and the admin key as any partner.
        var own = await ReserveAsync(AcmeKey, "acme", 2);
        var forOther = await ReserveAsync(AdminKey, "globex", 1);
        var after = await SummaryAsync();
        Assert.Equal(before.AvailableSeats - 3, after.AvailableSeats);
        Assert.Equal(before.ReservationCount + 2, after.ReservationCount);
        Assert.Equal("acme", await PartnerOfAsync(own));
        Assert.Equal("globex", await PartnerOfAsync(forOther));
        await CancelAsync(AdminKey, own);
        await CancelAsync(AdminKey, forOther);
    }

    [Fact]
    public async Task APartnerCannotCancelAnotherPartnersReservationButItsOwnerAndTheAdminCan()
    {
        var acmes = await ReserveAsync(AcmeKey, "acme", 3);
        var globexes = await ReserveAsync(GlobexKey, "globex", 4);
        var before = await SummaryAsync();

        await (await SendAsync("DELETE", $"/reservations/{acmes}", GlobexKey, Via.XApiKey)).AssertPartnerErrorAsync(HttpStatusCode.NotFound);
        await (await SendAsync("DELETE", $"/api/v1/reservations/{acmes}", GlobexKey, Via.Bearer)).AssertPartnerErrorAsync(HttpStatusCode.NotFound);
        await (await SendAsync("DELETE", $"/reservations/{globexes}", AcmeKey, Via.Bearer)).AssertPartnerErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await SummaryAsync());
        Assert.Equal("confirmed", (await (await SendAsync("GET", $"/bookings/{acmes}", AcmeKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("confirmed", (await (await SendAsync("GET", $"/bookings/{globexes}", AdminKey, Via.Bearer)).ReadJsonAsync(HttpStatusCode.OK)).Str("status"));
        // Nobody else can even see them.
        await (await SendAsync("GET", $"/bookings/{acmes}", GlobexKey, Via.XApiKey)).AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
        await (await _client.GetAsync($"/bookings/{globexes}")).AssertProblemAsync(HttpStatusCode.NotFound, "booking_not_found");
        await (await SendAsync("GET", $"/reservations/{acmes}", GlobexKey, Via.XApiKey)).AssertPartnerErrorAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/reservations/{acmes}")).AssertPartnerErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("acme", (await (await SendAsync("GET", $"/reservations/{acmes}", AcmeKey, Via.Bearer)).ReadJsonAsync(HttpStatusCode.OK)).Str("partnerId"));
        Assert.Equal("globex", (await (await SendAsync("GET", $"/api/v1/reservations/{globexes}", AdminKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK)).Str("partnerId"));

        var own = await SendAsync("DELETE", $"/reservations/{acmes}", AcmeKey, Via.XApiKey);
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        var afterOwn = await SummaryAsync();
        Assert.Equal(before.AvailableSeats + 3, afterOwn.AvailableSeats);
        Assert.Equal(before.ReservationCount - 1, afterOwn.ReservationCount);

        var byAdmin = await SendAsync("DELETE", $"/api/v1/reservations/{globexes}", AdminKey, Via.Bearer);
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        var afterAdmin = await SummaryAsync();
        Assert.Equal(before.AvailableSeats + 7, afterAdmin.AvailableSeats);
        Assert.Equal(before.ReservationCount - 2, afterAdmin.ReservationCount);
    }

    [Theory]
    [InlineData("POST", "/reservations")]
    [InlineData("GET", "/reservations")]
    [InlineData("DELETE", "/reservations/{0}")]
    [InlineData("POST", "/api/v1/reservations")]
    [InlineData("DELETE", "/api/v1/reservations/{0}")]
    public async Task PartnerRoutesWithoutAKeyAre401InThePartnerErrorShape(string method, string template)
    {
        var reservation = await ReserveAsync(GlobexKey, "globex", 1);
        var before = await SummaryAsync();

        var response = await SendAsync(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, reservation), null, Via.None,
            new { partnerId = "acme", seats = 2 });

        await response.AssertPartnerErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(before, await SummaryAsync());
        await CancelAsync(GlobexKey, reservation);
    }

    [Theory]
    [InlineData("/bookings")]
    [InlineData("/api/v1/bookings")]
    public async Task DirectBookingsNeedAPartnerOrAdminKey(string path)
    {
        var eventId = await CreateEventAsAdminAsync(4);

        var anonymous = await SendAsync("POST", path, null, Via.None, new { event_id = eventId, seats = new[] { 1 } });

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "api_key_required");
        Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(4, (await _client.CountsAsync(eventId)).Available);
        await (await SendAsync("POST", path, GlobexKey, Via.Bearer, new { event_id = eventId, seats = new[] { 1 } })).ReadJsonAsync(HttpStatusCode.Created);
        await (await SendAsync("POST", path, AdminKey, Via.XApiKey, new { event_id = eventId, seats = new[] { 2 } })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, (await _client.CountsAsync(eventId)).Available);
    }

    [Fact]
    public async Task KeysNeverAppearInTheLogs()
    {
        // Every key, both ways, on admin, partner, open and failing routes.
        foreach (var key in new[] { AdminKey, AcmeKey, GlobexKey, WrongKey })
        {
            foreach (var via in new[] { Via.XApiKey, Via.Bearer })
            {
                await SendAsync("GET", "/metrics", key, via);
                await SendAsync("GET", "/reservations", key, via);
                await SendAsync("POST", "/reservations", key, via, new { partnerId = "acme", seats = 11 });
                await SendAsync("GET", "/events/evt_nosuchevent0", key, via);
                await SendAsync("POST", "/events", key, via, new { name = "x", total_seats = 0 });
            }
        }

        var entries = fixture.Logs.Entries.ToList();
        // The capture does see the requests (otherwise this test would prove nothing).
        Assert.Contains(entries, e => e.Contains("/events/evt_nosuchevent0", StringComparison.Ordinal));
        foreach (var key in new[] { AdminKey, AcmeKey, GlobexKey, WrongKey })
        {
            Assert.DoesNotContain(entries, e => e.Contains(key, StringComparison.Ordinal));
        }
    }

    private static object AnEvent() => new { name = "Keyed " + Guid.NewGuid().ToString("N"), total_seats = 7 };

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? key, Via via, object? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null && method != "GET" && method != "DELETE")
        {
            request.Content = JsonContent.Create(body, options: Verbatim);
        }
        if (key is not null && via == Via.XApiKey)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        else if (key is not null && via == Via.Bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var response = await _client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<string> CreateEventAsAdminAsync(int seats)
    {
        var response = await SendAsync("POST", "/events", AdminKey, Via.XApiKey, new { name = "Keyed " + Guid.NewGuid().ToString("N"), total_seats = seats });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).Str("event_id");
    }

    private async Task<int> TotalEventsAsync()
    {
        var metrics = await (await SendAsync("GET", "/api/v1/metrics", AdminKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK);
        return (int)metrics.GetProperty("total_events").GetDouble();
    }

    private async Task<string> ReserveAsync(string key, string partnerId, int seats)
    {
        var response = await SendAsync("POST", "/reservations", key, Via.XApiKey, new { partnerId, seats });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).Str("reservationId");
    }

    private async Task CancelAsync(string key, string reservationId) =>
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync("DELETE", $"/reservations/{reservationId}", key, Via.XApiKey)).StatusCode);

    private async Task<string?> PartnerOfAsync(string reservationId)
    {
        var booking = await (await SendAsync("GET", $"/bookings/{reservationId}", AdminKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK);
        return booking.TryGetProperty("partner_id", out var partner) && partner.ValueKind == JsonValueKind.String ? partner.GetString() : null;
    }

    private async Task<Summary> SummaryAsync()
    {
        var body = await (await SendAsync("GET", "/reservations", AdminKey, Via.XApiKey)).ReadJsonAsync(HttpStatusCode.OK);
        return new Summary(body.GetProperty("availableSeats").GetInt32(), body.GetProperty("reservationCount").GetInt32(), body.GetProperty("version").GetInt64());
    }

    private sealed record Summary(int AvailableSeats, int ReservationCount, long Version);
}

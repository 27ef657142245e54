using System.Net;

namespace TicketBoss.Silo;

/// <summary>Health probe: asks the local silo endpoint for the membership with the cluster key; exit code 0 when it answers.</summary>
internal static class SiloProbe
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var port = configuration.GetValue<int>("Silo:SiloPort");
        if (port == 0)
        {
            await Console.Error.WriteLineAsync("probe needs a fixed Silo:SiloPort.");
            return 2;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/members")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("tb-cluster-key", configuration["Silo:ClusterKey"] ?? "");
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"silo on port {port} does not answer: {e.Message}");
            return 1;
        }
    }
}

using System.Diagnostics;
using TicketBoss.Tests.Infrastructure;
using TicketBoss.Tests.Processes;

namespace TicketBoss.Tests.Http;

/// <summary>
/// The README's API examples are executable documentation: its <c>## API</c> bash block runs as written (bash, curl,
/// jq) against a fresh gateway, every curl failing the run on an HTTP error, in order, as a reader would paste it.
/// </summary>
public sealed class ReadmeExampleTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string ReadmeAddress = "http://127.0.0.1:8080";

    [Fact]
    public async Task EveryCurlExampleOfTheReadmeSucceedsAgainstTheGatewayInOrder()
    {
        var examples = ApiExamples(await File.ReadAllTextAsync(RepoPaths.File("README.md")));
        Assert.Contains("api=" + ReadmeAddress, examples, StringComparison.Ordinal);
        Assert.True(examples.Split('\n').Count(l => l.Contains("curl ", StringComparison.Ordinal)) >= 15, "the README's API examples are missing");

        // Only the address changes. curl fails on any 4xx or 5xx (showing the body); bash stops at the first failure and names it.
        var script = string.Join('\n',
            "set -Eeuo pipefail",
            "trap 'echo \"README example failed (line $LINENO): $BASH_COMMAND\" >&2' ERR",
            "curl() { command curl --fail-with-body --show-error --max-time 30 \"$@\"; }",
            examples.Replace(ReadmeAddress, fixture.Client.BaseAddress!.ToString().TrimEnd('/'), StringComparison.Ordinal));
        var (exit, output, errors) = await RunBashAsync(script);

        Assert.True(exit == 0, $"the README's examples failed (exit {exit}):\n{errors}\noutput:\n{output}");
        Assert.Contains("\"payment_token\"", output, StringComparison.Ordinal);
        // An example that prints its status (-w '%{http_code}') says in its comment which one: it must be that one.
        var promised = examples.Split('\n').Where(l => l.Contains("%{http_code}", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"#\s*(\d{3})").Groups[1].Value).ToList();
        var printed = System.Text.RegularExpressions.Regex.Matches(output, @"(?<![\d""])(\d{3})\n").Select(m => m.Groups[1].Value).ToList();
        Assert.True(promised.Count >= 2 && promised.All(p => p.Length == 3), $"examples printing a status must name it in a comment: {string.Join(", ", promised)}");
        Assert.Equal(promised, printed);
    }

    /// <summary>The first bash block after the <c>## API</c> heading.</summary>
    internal static string ApiExamples(string readme)
    {
        var api = readme.IndexOf("\n## API", StringComparison.Ordinal);
        Assert.True(api >= 0, "README.md has no ## API section");
        var start = readme.IndexOf("```bash\n", api, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static async Task<(int Exit, string Output, string Errors)> RunBashAsync(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await bash.WaitForExitAsync(timeout.Token);
        return (bash.ExitCode, await output, await errors);
    }
}

using TicketBoss.Api.Security;
using TicketBoss.Api.Startup;

namespace TicketBoss.Tests.Http;

/// <summary>An API with no keys (every caller an admin) listens beyond loopback only when declared open.</summary>
public sealed class ListenGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://127.0.0.1:8080;http://localhost:8081")]
    public void AnOpenApiListensOnLoopback(string urls) => ListenGuard.Check(urls, new ApiKeyOptions());

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://gateway.example:8080")]
    [InlineData("http://127.0.0.1:8080;http://0.0.0.0:8081")]
    public void AnOpenApiRefusesToListenBeyondLoopback(string urls)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => ListenGuard.Check(urls, new ApiKeyOptions()));
        Assert.Contains("Auth:Open", refusal.Message);
    }

    [Fact]
    public void AnApiWithKeysOrDeclaredOpenListensAnywhere()
    {
        ListenGuard.Check("http://0.0.0.0:8080", new ApiKeyOptions { AdminKeys = ["admin-key-1234567890"] });
        ListenGuard.Check("http://0.0.0.0:8080", new ApiKeyOptions { PartnerKeys = new() { ["acme"] = "partner-key-1234567890" } });
        ListenGuard.Check("http://0.0.0.0:8080", new ApiKeyOptions { Open = true });
    }
}

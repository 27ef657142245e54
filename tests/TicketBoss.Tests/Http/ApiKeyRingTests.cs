using Microsoft.Extensions.Options;
using TicketBoss.Api.Security;

namespace TicketBoss.Tests.Http;

/// <summary>The key ring itself: which caller a key is, and configurations it refuses.</summary>
public sealed class ApiKeyRingTests
{
    [Fact]
    public void AKeyConfiguredForTwoCallersIsRefusedAtStartUp()
    {
        var options = new ApiKeyOptions { AdminKeys = ["shared"], PartnerKeys = { ["acme"] = "shared" } };

        Assert.Throws<InvalidOperationException>(() => new ApiKeyRing(Options.Create(options)));
    }

    [Fact]
    public void EachKeyResolvesToItsOwnCallerAndNoOther()
    {
        var ring = new ApiKeyRing(Options.Create(new ApiKeyOptions { AdminKeys = ["root"], PartnerKeys = { ["acme"] = "a-key", ["globex"] = "g-key" } }));

        Assert.Equal(ApiCaller.Admin, ring.Resolve("root"));
        Assert.Equal(new ApiCaller(ApiRole.Partner, "acme"), ring.Resolve("a-key"));
        Assert.Equal(new ApiCaller(ApiRole.Partner, "globex"), ring.Resolve("g-key"));
        Assert.Null(ring.Resolve("a-ke"));
        Assert.Null(ring.Resolve(""));
        Assert.True(ring.Enabled);
        Assert.False(new ApiKeyRing(Options.Create(new ApiKeyOptions())).Enabled);
    }
}

using Gateway.Configuration;
using Gateway.Guard;

namespace Gateway.Tests.Guard;

/// <summary>Header names as a CGI-style backend files them: exact trusted names are stripped, every other spelling refused.</summary>
public sealed class HeaderNamesTests
{
    private static readonly HeaderNames Defaults = new(new TrustedHeaderNames());

    [Theory]
    [InlineData("X-Callback-Verified", "Trusted")]
    [InlineData("x-callback-event-id", "Trusted")]
    [InlineData("X_Callback_Verified", "TrustedLookAlike")]
    [InlineData("X.Callback.Event.Id", "TrustedLookAlike")]
    [InlineData("X-Callback_Gateway-Signature", "TrustedLookAlike")]
    [InlineData("X-HTTP-Method-Override", "RoutingOverride")]
    [InlineData("x_original_url", "RoutingOverride")]
    [InlineData("X-Callback-Verifiedx", "Other")]
    [InlineData("Content-Type", "Other")]
    public void Classify_DefaultNames_AsACgiBackendReadsThem(string name, string expected)
    {
        Assert.Equal(Enum.Parse<HeaderNames.Kind>(expected), Defaults.Classify(name));
    }

    [Fact]
    public void Classify_ConfiguredNameWithUnderscore_ExactNameStrippedOtherSpellingsRefused()
    {
        var names = new HeaderNames(new TrustedHeaderNames { Verified = "X_Shop_Verified" });

        Assert.Equal(HeaderNames.Kind.Trusted, names.Classify("X_Shop_Verified"));
        Assert.Equal(HeaderNames.Kind.TrustedLookAlike, names.Classify("X-Shop-Verified"));
        Assert.Equal(HeaderNames.Kind.TrustedLookAlike, names.Classify("X.Shop.Verified"));
    }
}

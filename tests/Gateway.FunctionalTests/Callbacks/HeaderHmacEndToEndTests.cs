using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.HeaderHmacSigners;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// The header-HMAC presets (Razorpay, Paystack, Shopify, Checkout.com, Coinbase Commerce, BTCPay Server, Alchemy, Worldline,
/// Mollie, Slack, Paddle, Square, Twilio), each signed here as its provider signs (HeaderHmacSigners), through the real gateway
/// to a real backend: verified → forwarded once with trusted headers; a re-sent copy → the answer that provider expects, not
/// forwarded; a tampered copy → rejected, not forwarded.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class HeaderHmacEndToEndTests(RedisServer redis) : ProviderGatewayTests(redis)
{
    public static TheoryData<string> PresetNames => new(Presets.Keys);

    protected override JsonObject WithRoutes(JsonObject config) => config.WithHeaderHmacRoutes();

    [Theory]
    [MemberData(nameof(PresetNames))]
    public async Task Preset_SignedCallback_ForwardedOnce_ResentAnsweredAsSenderExpects_TamperedRejected(string name)
    {
        var preset = Presets[name];
        var callback = preset.NewEvent();

        var first = await Client.SendAsync(preset.Sign(callback.Body));
        var resent = await Client.SendAsync(preset.Sign(callback.ResentBody ?? callback.Body));
        var tampered = preset.Sign(callback.Body);
        tampered.Content = new StringContent(
            callback.Body.Replace(callback.Token, callback.Token[..^1] + (callback.Token[^1] == '0' ? '1' : '0'), StringComparison.Ordinal),
            Encoding.UTF8,
            tampered.Content!.Headers.ContentType!.MediaType!);
        var rejected = await Client.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(preset.DuplicateBody, await resent.Content.ReadAsStringAsync());
        if (preset.DuplicateContentType.Length > 0)
        {
            Assert.Equal(preset.DuplicateContentType, resent.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(name, received.Headers["X-Callback-Verified"]);
        Assert.Equal(callback.Identity, received.Headers["X-Callback-Event-Id"]);
        Assert.Equal(callback.Body, Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task Twilio_RepartitionedCopy_AnsweredAsDuplicateNotForwarded()
    {
        var preset = Presets["twilio"];
        var url = PublicBase + preset.Path;
        (string, string)[] fields = [("Body", "hi"), ("From", "+15550001111"), ("MessageSid", "SM" + Guid.NewGuid().ToString("N"))];
        (string, string)[] repartitioned = [("Body", "hiFrom+15550001111"), fields[2]]; // signs the same string

        var first = await Client.SendAsync(TwilioRequest(preset.Path, preset.Secret, fields, url));
        var copy = await Client.SendAsync(TwilioRequest(preset.Path, preset.Secret, fields, url, TwilioForm(repartitioned)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Contains("<Response></Response>", await copy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TwilioIdentity(url, fields), Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"]);
    }

    [Theory]
    [InlineData("twilio")]
    [InlineData("square")]
    public async Task UrlSigningPreset_SignedForAnotherHostAndSentWithIt_Rejected(string name)
    {
        // Both senders sign with one key per account: a callback meant for another endpoint must not verify here, whatever
        // Host it carries, because the URL checked is the policy's NotificationUrl.
        var preset = Presets[name];
        var callback = preset.NewEvent();
        var request = name == "twilio"
            ? TwilioRequest(preset.Path, preset.Secret, [("MessageSid", callback.Token)], "https://other.example.com" + preset.Path)
            : SquareFor("https://other.example.com" + preset.Path, preset, callback.Body);
        request.Headers.Host = "other.example.com";

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    private static HttpRequestMessage SquareFor(string url, Preset preset, string body)
    {
        var request = TestCallbacks.UnsignedRequest(body, preset.Path);
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(preset.Secret), Encoding.UTF8.GetBytes(url + body));
        request.Headers.Add("x-square-hmacsha256-signature", Convert.ToBase64String(mac));
        return request;
    }
}

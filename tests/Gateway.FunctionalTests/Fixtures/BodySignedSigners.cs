using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for the body-signed schemes (NowPayments, Adyen, Cryptomus, Heleket) and callbacks signed the way each of
/// those providers signs them, computed here with the framework's primitives from the providers' documentation, never
/// through the gateway's verifiers. The bodies are written already in the provider's canonical form (keys sorted, compact,
/// ASCII), so what is signed is plain to see.
/// </summary>
public static class BodySignedSigners
{
    public const string NowPaymentsSecret = "nowpayments-ipn-secret";
    public const string NowPaymentsPath = "/callbacks/nowpayments";

    /// <summary>Adds a callback route and policy per body-signed scheme to <paramref name="config"/>.</summary>
    public static JsonObject WithBodySignedRoutes(this JsonObject config) => config
        .WithCallbackRoute("nowpayments", NowPaymentsPath, new JsonObject { ["Scheme"] = "NowPayments", ["Secrets"] = new JsonArray("old-ipn-secret", NowPaymentsSecret) });

    /// <summary>
    /// NOWPayments IPN: <c>x-nowpayments-sig</c> = hex HMAC-SHA512(IPN secret, the body with its keys sorted, compact).
    /// <paramref name="sortedBody"/> must already be that text; <paramref name="sent"/> is what goes on the wire (default the same).
    /// </summary>
    public static HttpRequestMessage NowPayments(string sortedBody, string? sent = null, string secret = NowPaymentsSecret)
    {
        var signature = Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(sortedBody)));
        var request = TestCallbacks.UnsignedRequest(sent ?? sortedBody, NowPaymentsPath);
        request.Headers.Add("x-nowpayments-sig", signature);
        return request;
    }
}

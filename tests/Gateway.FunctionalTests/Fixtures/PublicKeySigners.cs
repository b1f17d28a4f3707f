using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for the public-key schemes, and callbacks signed as those providers sign, with keys made here for the test
/// run (the providers' private keys are theirs): computed with the framework's primitives, never through the gateway.
/// </summary>
public static class PublicKeySigners
{
    public const string FireblocksPath = "/callbacks/fireblocks";
    public const string CirclePath = "/callbacks/circle";
    public const string CircleKeyId = "879dc113-5ca4-4ff7-a6b7-54652083fcf8";

    /// <summary>Fireblocks' webhook key stands in as an RSA-2048 key of this run; the gateway pins its public half.</summary>
    public static readonly RSA FireblocksKey = RSA.Create(2048);

    public static readonly ECDsa CircleKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Adds a route and policy per public-key scheme, pinning the public halves of this run's keys.</summary>
    public static JsonObject WithPublicKeyRoutes(this JsonObject config) => config
        .WithCallbackRoute("fireblocks", FireblocksPath, new JsonObject
        {
            ["Scheme"] = "Fireblocks", ["PublicKeys"] = new JsonArray(FireblocksKey.ExportSubjectPublicKeyInfoPem()),
        })
        .WithCallbackRoute("circle", CirclePath, new JsonObject
        {
            // As Circle's publicKey endpoint serves it: base64 DER SubjectPublicKeyInfo, under its id.
            ["Scheme"] = "Circle", ["PublicKeys"] = new JsonObject { [CircleKeyId] = Convert.ToBase64String(CircleKey.ExportSubjectPublicKeyInfo()) },
        });

    /// <summary>
    /// Fireblocks v2: Fireblocks-Webhook-Signature = detached JWS <c>header..signature</c>, RS512 over
    /// <c>header.base64url(body)</c>; with <paramref name="legacy"/> the old Fireblocks-Signature, base64 RSA-SHA512 of the body.
    /// </summary>
    public static HttpRequestMessage Fireblocks(string body, bool legacy = false, RSA? key = null)
    {
        key ??= FireblocksKey;
        var request = TestCallbacks.UnsignedRequest(body, FireblocksPath);
        if (legacy)
        {
            var signature = key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
            request.Headers.Add("Fireblocks-Signature", Convert.ToBase64String(signature));
            return request;
        }

        var header = Base64Url.EncodeToString("""{"alg":"RS512","kid":"test"}"""u8);
        var input = Encoding.ASCII.GetBytes(header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body)));
        var jws = key.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        request.Headers.Add("Fireblocks-Webhook-Signature", $"{header}..{Base64Url.EncodeToString(jws)}");
        return request;
    }

    /// <summary>Circle: X-Circle-Signature = base64 ECDSA P-256 SHA-256 (DER) of the body, X-Circle-Key-Id naming the key.</summary>
    public static HttpRequestMessage Circle(string body, ECDsa? key = null, string keyId = CircleKeyId)
    {
        var signature = (key ?? CircleKey).SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = TestCallbacks.UnsignedRequest(body, CirclePath);
        request.Headers.Add("X-Circle-Signature", Convert.ToBase64String(signature));
        request.Headers.Add("X-Circle-Key-Id", keyId);
        return request;
    }
}

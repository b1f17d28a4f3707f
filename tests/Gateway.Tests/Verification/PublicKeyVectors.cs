using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>The Node-made vectors of a public-key scheme (Fixtures/&lt;provider&gt;/vectors.json) and its test keys.</summary>
internal static class PublicKeyVectors
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The fixture file's root, e.g. <c>Load("circle")</c>.</summary>
    public static JsonElement Load(string provider)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", provider, "vectors.json")));
        return document.RootElement.Clone();
    }

    public static Dictionary<string, PublicKeyVector> Vectors(JsonElement root) =>
        root.GetProperty("vectors").EnumerateArray().Select(v => v.Deserialize<PublicKeyVector>(Options)!).ToDictionary(v => v.Name);

    /// <summary>A test key file of the provider's fixtures, as a <c>file:</c> setting.</summary>
    public static string KeyFile(string provider, string name) => "file:" + KeyPath(provider, name);

    public static string KeyPath(string provider, string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", provider, "keys", name);

    /// <summary>The status a vector expects; the generators write <c>Invalid</c> for <see cref="VerificationStatus.InvalidSignature"/>.</summary>
    public static VerificationStatus Expected(PublicKeyVector vector) =>
        vector.Expect == "Invalid" ? VerificationStatus.InvalidSignature : Enum.Parse<VerificationStatus>(vector.Expect);

    public static VerificationResult Verify(ISignatureVerifier verifier, PublicKeyVector vector, DateTimeOffset? at = null) =>
        verifier.Verify(VerifierHarness.Request(vector.Bytes, vector.Headers, at: at));

    /// <summary>Verifies the vector and asserts the status it expects; returns the result for further checks.</summary>
    public static VerificationResult AssertExpected(ISignatureVerifier verifier, PublicKeyVector vector, DateTimeOffset? at = null)
    {
        var result = Verify(verifier, vector, at);
        Assert.Equal(Expected(vector), result.Status);
        return result;
    }
}

/// <summary>
/// One vector: the body and headers sent, what Node (or jose) made of the signature, what the gateway must answer (a
/// <see cref="VerificationStatus"/>) with which identity, and, when the gateway refuses a signature that Node accepts, why.
/// A body that is not UTF-8 text comes as <c>BodyBase64</c>.
/// </summary>
public sealed record PublicKeyVector(
    string Name, string Body, Dictionary<string, string> Headers, bool SignatureValid, string Expect, string? Identity, string? Stricter, string? BodyBase64 = null)
{
    public byte[] Bytes => BodyBase64 is null ? System.Text.Encoding.UTF8.GetBytes(Body) : Convert.FromBase64String(BodyBase64);
}

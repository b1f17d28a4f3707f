using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.TrustedHeaders;

namespace Gateway.Tests.TrustedHeaders;

/// <summary>One input to a backend's signature check and the verdict it must give.</summary>
public sealed record BackendSignatureCase(string Scenario, string? Header, string? EventId, byte[] Body, byte[] Key, long Now, int ToleranceSeconds, bool Expected);

/// <summary>
/// The same cases for the backend snippets in every language: signatures made by the gateway's own
/// <see cref="GatewaySignature.Create"/>, and tampered or malformed ones.
/// </summary>
public static class BackendSignatureCases
{
    public const int Tolerance = 300;
    public static readonly byte[] Key = Encoding.UTF8.GetBytes("backend-check-gateway-key");
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private const string EventId = "evt_1:invoice.paid";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"invoice.paid","amount":1.10}""");

    public static IReadOnlyList<BackendSignatureCase> All { get; } = Build();

    public static TheoryData<string> Scenarios => [.. All.Select(c => c.Scenario)];

    /// <summary>The position of <paramref name="scenario"/> in <see cref="All"/>, which is also its line in a snippet run's output.</summary>
    public static int IndexOf(string scenario)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Scenario == scenario)
            {
                return i;
            }
        }

        throw new ArgumentException($"No case {scenario}.", nameof(scenario));
    }

    private static BackendSignatureCase[] Build()
    {
        var valid = Sign(Now);
        var (t, v1) = Split(valid);
        var otherMac = Split(Sign(Now, eventId: "evt_2")).V1;
        var signedAt = Now.ToUnixTimeSeconds();
        return
        [
            Case("signed by the gateway", valid, expected: true),
            Case("fields in the other order", $"v1={v1},t={t}", expected: true),
            Case("an unknown field added", valid + ",v2=c29tZXRoaW5n", expected: true),
            Case("signed 300 s ago, at the tolerance", Sign(Now.AddSeconds(-Tolerance)), expected: true),
            Case("signed 301 s ago", Sign(Now.AddSeconds(-Tolerance - 1)), expected: false),
            Case("signed 301 s ahead", Sign(Now.AddSeconds(Tolerance + 1)), expected: false),
            Case("empty body signed", Sign(Now, body: []), expected: true, body: []),
            Case("body changed by one byte", valid, expected: false, body: [.. Body[..^1], (byte)'!']),
            Case("body empty", valid, expected: false, body: []),
            Case("event id changed", valid, expected: false, eventId: "evt_2:invoice.paid"),
            Case("event id absent", valid, expected: false, eventId: null),
            Case("event id empty", Sign(Now, eventId: string.Empty), expected: false, eventId: string.Empty),
            Case("event id not ASCII", Sign(Now, eventId: "évt_1"), expected: false, eventId: "évt_1"),
            Case("timestamp changed", $"t={signedAt - 1},v1={v1}", expected: false),
            Case("mac of another event", $"t={t},v1={otherMac}", expected: false),
            Case("signed with another key", Sign(Now, key: Encoding.UTF8.GetBytes("another-key")), expected: false),
            Case("empty key on both sides", Sign(Now, key: []), expected: false, key: []),
            Case("body hash in uppercase hex", SignUppercaseHex(), expected: false),
            Case("header absent", null, expected: false),
            Case("header empty", string.Empty, expected: false),
            Case("header not key=value", "nonsense", expected: false),
            Case("only t", $"t={t}", expected: false),
            Case("only v1", $"v1={v1}", expected: false),
            Case("t twice", $"t={t},{valid}", expected: false),
            Case("v1 twice", $"{valid},v1={otherMac}", expected: false),
            Case("space after the comma", $"t={t}, v1={v1}", expected: false),
            Case("t not a number", $"t={t}a,v1={v1}", expected: false),
            Case("t negative", $"t=-{t},v1={v1}", expected: false),
            Case("t with a plus sign", $"t=+{t},v1={v1}", expected: false),
            Case("t with a trailing newline", $"t={t}\n,v1={v1}", expected: false),
            Case("t longer than 12 digits", $"t=1{t}00,v1={v1}", expected: false),
            Case("t of 30 digits", $"t={new string('9', 30)},v1={v1}", expected: false),
            Case("v1 not base64", $"t={t},v1={new string('!', 43)}=", expected: false),
            Case("v1 truncated", $"t={t},v1={v1[..^2]}=", expected: false),
            Case("v1 without padding", $"t={t},v1={v1[..^1]}", expected: false),
            Case("v1 in hex", $"t={t},v1={Convert.ToHexStringLower(Convert.FromBase64String(v1))}", expected: false),
            Case("v1 with a space inside", $"t={t},v1={v1[..20]} {v1[21..]}", expected: false),
            Case("v1 with a trailing newline", $"{valid}\n", expected: false),
            Case("100,000 commas", new string(',', 100_000), expected: false),
        ];
    }

    private static BackendSignatureCase Case(string scenario, string? header, bool expected, string? eventId = EventId, byte[]? body = null, byte[]? key = null) =>
        new(scenario, header, eventId, body ?? Body, key ?? Key, Now.ToUnixTimeSeconds(), Tolerance, expected);

    private static string Sign(DateTimeOffset at, string eventId = EventId, byte[]? body = null, byte[]? key = null) =>
        GatewaySignature.Create(key ?? Key, at, eventId, body ?? Body);

    private static (string T, string V1) Split(string header)
    {
        var parts = header.Split(',');
        return (parts[0]["t=".Length..], parts[1]["v1=".Length..]);
    }

    /// <summary>What a backend that hashes the body in uppercase hex would expect: the gateway signs lowercase.</summary>
    private static string SignUppercaseHex()
    {
        var t = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = Encoding.UTF8.GetBytes($"{t}.{EventId}.{Convert.ToHexString(SHA256.HashData(Body))}");
        return $"t={t},v1={Convert.ToBase64String(HMACSHA256.HashData(Key, content))}";
    }
}

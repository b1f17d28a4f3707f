using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// Properties of the Spell scheme over generated bodies: top-level keys and values with '&amp;', '=', non-ASCII text,
/// numbers, literals and nested objects. S is computed here as JavaScript would (keys sorted by UTF-16 code units,
/// <c>key=String(value)</c> or <c>JSON.stringify</c>, joined with '&amp;'), independently of the canonicaliser.
/// </summary>
public class SpellPropertyTests
{
    private const int Cases = 300;

    /// <summary>How many re-partitions of one S each case tries.</summary>
    private const int RepartitionsPerCase = 24;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(SpellArbitraries) })]
    public void Verify_BodiesSigningTheSameString_OneIdentityOrRefused(SpellCase spellCase)
    {
        // Arrange: the generated body, its spaced and typed spellings, and other bodies that sign the same S.
        var signedString = spellCase.SignedString;
        var headers = SpellSchemeTests.Headers(SpellSchemeTests.Sign(signedString));
        var bodies = new List<string> { spellCase.Json(spaced: false), spellCase.Json(spaced: true) };
        foreach (var fields in Repartitions(signedString, new Random(spellCase.Seed)).Take(RepartitionsPerCase))
        {
            bodies.Add(new SpellCase(fields, 0).Json(spaced: false));
            bodies.Add(new SpellCase(Typed(fields), 0).Json(spaced: true));
        }

        foreach (var strict in new[] { true, false })
        {
            var verifier = SpellSchemeTests.Verifier(strict);

            // Act
            var results = bodies.Select(b => (Body: b, Result: verifier.Verify(VerifierHarness.Request(b, headers)))).ToList();

            // Assert: every body signs S (so the test computes S as the gateway does), and at most one identity comes out.
            var unsigned = results.Where(r => r.Result.Status == VerificationStatus.InvalidSignature).Select(r => r.Body);
            Assert.True(!unsigned.Any(), $"S = {signedString}, yet these do not verify: {string.Join(" | ", unsigned)}");
            var identities = results.Where(r => r.Result.IsVerified).GroupBy(r => r.Result.Identity).ToList();
            Assert.True(
                identities.Count <= 1,
                $"S = {signedString} (strict {strict}) gives several identities: " + string.Join(" | ", identities.Select(g => $"{g.Key} <- {g.First().Body}")));
        }
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(SpellArbitraries) })]
    public void Verify_UnambiguousBody_VerifiedWithIdentityFromItsFields(SpellCase spellCase)
    {
        // Arrange: only bodies whose keys hold no '&' or '=', whose identity fields hold no '&', and in which no other value
        // holds '&callback', '&event' or '&order' (a sufficient condition for S to show the identity fields unambiguously).
        var identityKeys = new[] { "callback", "event", "order" };
        var unambiguous = spellCase.Fields.All(f =>
            f.Key.IndexOfAny(['&', '=']) < 0
            && !(identityKeys.Contains(f.Key) && f.Text.Contains('&', StringComparison.Ordinal))
            && !identityKeys.Any(k => f.Text.Contains("&" + k, StringComparison.Ordinal)));
        var byKey = spellCase.Fields.ToDictionary(f => f.Key, f => f.Text);
        var expected = byKey.GetValueOrDefault("callback") is { Length: > 0 } callback ? Uri.EscapeDataString(callback)
            : byKey.GetValueOrDefault("event") is { Length: > 0 } eventName && byKey.GetValueOrDefault("order") is { Length: > 0 } order
                ? Uri.EscapeDataString(eventName) + ":" + Uri.EscapeDataString(order)
                : "spell:s256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spellCase.SignedString)));

        // Act
        var result = SpellSchemeTests.Verifier().Verify(
            VerifierHarness.Request(spellCase.Json(spaced: true), SpellSchemeTests.Headers(SpellSchemeTests.Sign(spellCase.SignedString))));

        // Assert
        Assert.True(!unambiguous || (result.IsVerified && result.Identity == expected), $"{spellCase.Json(false)}: {result}, expected {expected}");
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(SpellArbitraries) })]
    public void Verify_RandomSignatureHeader_NeverVerified(SpellCase spellCase, byte[] digest, bool base64, string otherSecret)
    {
        // Arrange: a header made without the secret: random bytes, or HMAC of the right S under another secret.
        var bytes = SHA256.HashData(digest);
        var signature = spellCase.Seed % 3 == 0 && !string.IsNullOrEmpty(otherSecret) && otherSecret != SpellSchemeTests.Secret
            ? SpellSchemeTests.Sign(spellCase.SignedString, otherSecret)
            : base64 ? Convert.ToBase64String(bytes) : Convert.ToHexStringLower(bytes);

        // Act
        var result = SpellSchemeTests.Verifier(strict: false).Verify(VerifierHarness.Request(spellCase.Json(spaced: false), SpellSchemeTests.Headers(signature)));

        // Assert
        Assert.False(result.IsVerified);
    }

    /// <summary>
    /// Every body with string values whose S is <paramref name="signedString"/>: S cut at any subset of its '&amp;', each
    /// piece cut into key and value at any of its '=', keys strictly ascending (as sorting would leave them). Explored in a
    /// random order, lazily.
    /// </summary>
    private static IEnumerable<SpellField[]> Repartitions(string signedString, Random random)
    {
        if (signedString.Length == 0)
        {
            return [[]];
        }

        var budget = 5_000; // pieces tried, so that an S with many '&' and '=' stays fast
        return From(0, null, []);

        IEnumerable<SpellField[]> From(int start, string? previousKey, List<SpellField> fields)
        {
            if (--budget < 0)
            {
                yield break;
            }

            var ends = Enumerable.Range(start, signedString.Length - start).Where(i => signedString[i] == '&').Append(signedString.Length).ToArray();
            random.Shuffle(ends);
            foreach (var end in ends)
            {
                var piece = signedString[start..end];
                var splits = Enumerable.Range(0, piece.Length).Where(i => piece[i] == '=').ToArray();
                random.Shuffle(splits);
                foreach (var split in splits)
                {
                    var key = piece[..split];
                    if (previousKey is not null && string.CompareOrdinal(previousKey, key) >= 0)
                    {
                        continue;
                    }

                    var field = SpellField.OfString(key, piece[(split + 1)..]);
                    if (end == signedString.Length)
                    {
                        yield return [.. fields, field];
                        continue;
                    }

                    foreach (var rest in From(end + 1, key, [.. fields, field]))
                    {
                        yield return rest;
                    }
                }
            }
        }
    }

    /// <summary>The same fields with each value that JavaScript prints alike written as a number or literal instead of a string.</summary>
    private static SpellField[] Typed(SpellField[] fields) =>
        fields.Select(f => f.Text is "true" or "false" or "null" || IsCanonicalInteger(f.Text) ? new SpellField(f.Key, f.Text, f.Text) : f).ToArray();

    private static bool IsCanonicalInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
        && Math.Abs(n) < (1L << 53)
        && n.ToString(CultureInfo.InvariantCulture) == text;
}

/// <summary>One top-level field: its key, its value as JSON, and the value as S prints it.</summary>
public sealed record SpellField(string Key, string ValueJson, string Text)
{
    /// <summary>A string field (the generated text holds no character JSON must escape).</summary>
    public static SpellField OfString(string key, string value) => new(key, Quote(value), value);

    public static string Quote(string text) => "\"" + text + "\"";
}

/// <summary>A generated body (distinct keys) and a seed for exploring its re-partitions.</summary>
public sealed record SpellCase(SpellField[] Fields, int Seed)
{
    /// <summary>S as JavaScript builds it: keys sorted by UTF-16 code units, <c>key=value</c>, joined with '&amp;'.</summary>
    public string SignedString => string.Join('&', Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Text));

    public string Json(bool spaced) => spaced
        ? "{ " + string.Join(" ,\n  ", Fields.Select(f => SpellField.Quote(f.Key) + " : " + f.ValueJson)) + " }"
        : "{" + string.Join(',', Fields.Select(f => SpellField.Quote(f.Key) + ":" + f.ValueJson)) + "}";

    public override string ToString() => Json(spaced: false);
}

/// <summary>FsCheck generators of Spell bodies.</summary>
public static class SpellArbitraries
{
    /// <summary>Pieces of text: '&amp;', '=', identity keys spliced after '&amp;', non-ASCII (é, 中, an astral emoji).</summary>
    private static readonly string[] Atoms =
        ["a", "b", "z", "0", "7", "&", "=", "é", "中", "😀", " ", "callback", "event", "order", "&callback=", "&event=", "&order=", "x=y", "%", "+"];

    private static readonly Gen<string> Text =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(Atoms), n)).Select(string.Concat);

    private static readonly Gen<string> Key = Gen.Frequency(
        (3, Gen.Elements("callback", "event", "order")),
        (2, Gen.Elements("amount", "status", "a", "z", "é", "user")),
        (2, Text));

    private static readonly Gen<(string Json, string Text)> Value = Gen.Frequency(
        (5, Text.Select(s => (SpellField.Quote(s), s))),
        (2, Gen.Choose(-100_000, 100_000).Select(n => n.ToString(CultureInfo.InvariantCulture)).Select(n => (n, n))),
        (1, Gen.Elements("true", "false", "null").Select(l => (l, l))),
        (1, Text.Select(s => $$"""{"u":{{SpellField.Quote(s)}},"n":[1,true,null]}""").Select(o => (o, o))));

    private static readonly Gen<SpellField> Field =
        Key.SelectMany(_ => Value, (key, value) => new SpellField(key, value.Json, value.Text));

    public static Arbitrary<SpellCase> Cases() =>
        Gen.Choose(0, 6)
            .SelectMany(n => Gen.ArrayOf(Field, n))
            .Select(fields => fields.DistinctBy(f => f.Key, StringComparer.Ordinal).ToArray())
            .SelectMany(_ => Gen.Choose(0, int.MaxValue), (fields, seed) => new SpellCase(fields, seed))
            .ToArbitrary();
}

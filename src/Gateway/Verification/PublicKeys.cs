using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Verification;

/// <summary>The settings every public-key scheme shares, bound from the policy object.</summary>
public class PublicKeySettings
{
    /// <summary>
    /// The sender's public keys, pinned: a list (<c>["…", "…"]</c>) or, where the sender names its key in a header, an object
    /// from that name to the key (<c>{"&lt;key id&gt;": "…"}</c>). Each key is PEM text (<c>PUBLIC KEY</c>, <c>RSA PUBLIC KEY</c>
    /// or <c>CERTIFICATE</c>), base64 DER SubjectPublicKeyInfo, or <c>file:&lt;path&gt;</c> to a file holding either.
    /// </summary>
    public Dictionary<string, string> PublicKeys { get; set; } = [];
}

/// <summary>A signature algorithm of a public-key scheme: the key it needs, the hash, and the RSA padding or ECDSA encoding.</summary>
internal sealed class PublicKeyAlgorithm
{
    public static readonly PublicKeyAlgorithm RsaSha256 = new("RSA SHA-256 (PKCS#1 v1.5)", HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static readonly PublicKeyAlgorithm RsaSha512 = new("RSA SHA-512 (PKCS#1 v1.5)", HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);

    /// <summary>ECDSA on P-256 with SHA-256, the signature a DER SEQUENCE of r and s (as Java, OpenSSL and Node write it).</summary>
    public static readonly PublicKeyAlgorithm EcdsaP256Sha256Der = new("ECDSA P-256 SHA-256 (DER)", HashAlgorithmName.SHA256, null);

    private PublicKeyAlgorithm(string name, HashAlgorithmName hash, RSASignaturePadding? padding)
    {
        Name = name;
        Hash = hash;
        Padding = padding;
    }

    public string Name { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>The RSA padding; null for ECDSA.</summary>
    public RSASignaturePadding? Padding { get; }

    public bool IsRsa => Padding is not null;

    /// <summary>The longest signature worth decoding: an RSA-16384 one, or a DER ECDSA P-256 one (72 bytes).</summary>
    public int MaxSignatureBytes => IsRsa ? 2048 : 72;
}

/// <summary>
/// One pinned public key, checked when the policy loads and verifying for every request after. The framework does not promise
/// that one <see cref="RSA"/> or <see cref="ECDsa"/> object may verify on several threads at once, so each key keeps a small
/// pool of objects imported from the same SubjectPublicKeyInfo, one per concurrent verification; none is ever shared.
/// </summary>
internal sealed class PinnedKey
{
    private readonly byte[] _subjectPublicKeyInfo;
    private readonly PublicKeyAlgorithm _algorithm;
    private readonly ConcurrentBag<AsymmetricAlgorithm> _pool = [];

    public PinnedKey(string id, byte[] subjectPublicKeyInfo, PublicKeyAlgorithm algorithm, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Id = id;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        _algorithm = algorithm;
        NotBefore = notBefore;
        NotAfter = notAfter;
        _pool.Add(Import());
    }

    /// <summary>The name the sender gives the key (its key id or certificate serial), or the key's index in a list.</summary>
    public string Id { get; }

    /// <summary>The certificate's validity; unbounded for a bare public key.</summary>
    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="data"/>, at a time the key is valid.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DateTimeOffset at)
    {
        if (at < NotBefore || at > NotAfter)
        {
            return false;
        }

        var key = _pool.TryTake(out var pooled) ? pooled : Import();
        try
        {
            return key is RSA rsa
                ? rsa.VerifyData(data, signature, _algorithm.Hash, _algorithm.Padding!)
                : ((ECDsa)key).VerifyData(data, signature, _algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false; // a signature that does not even decode is simply not a valid one
        }
        finally
        {
            _pool.Add(key);
        }
    }

    private AsymmetricAlgorithm Import()
    {
        AsymmetricAlgorithm key = _algorithm.IsRsa ? RSA.Create() : ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        return key;
    }
}

/// <summary>
/// The public keys pinned in a policy's <c>PublicKeys</c> setting for one signature algorithm. Loaded and checked once, when the
/// policy loads: every key must parse, be of the algorithm's type, RSA at least 2048 bits, ECDSA on P-256, and a certificate
/// must be valid now. Keys are never fetched at request time: a URL in a callback (PayPal's <c>PAYPAL-CERT-URL</c>) is the
/// sender's claim, not a key. Several keys may be active at once (rotation).
/// </summary>
internal sealed class PublicKeySet
{
    public const string SettingName = "PublicKeys";
    private const string FilePrefix = "file:";
    private const int MinRsaBits = 2048;
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    private readonly PinnedKey[] _keys;

    private PublicKeySet(PinnedKey[] keys) => _keys = keys;

    public IReadOnlyList<PinnedKey> Keys => _keys;

    /// <summary>
    /// Loads <paramref name="settings"/>' keys for <paramref name="algorithm"/>, reporting every problem through
    /// <paramref name="context"/> with the key's path. <paramref name="keyName"/> is what the sender calls the key that signed
    /// a callback (e.g. <c>X-Circle-Key-Id</c>), when it names one: the keys must then be given as an object keyed by that
    /// name. Null when the sender names none and every key is tried.
    /// </summary>
    public static PublicKeySet Load(SchemeContext context, PublicKeySettings settings, PublicKeyAlgorithm algorithm, string? keyName = null)
    {
        var entries = settings.PublicKeys;
        if (entries.Count == 0)
        {
            context.Error($"{SettingName} is required for the {context.Options.Scheme} scheme: the sender's {(algorithm.IsRsa ? "RSA" : "ECDSA P-256")} public keys (PEM text, base64 DER or file:<path>){(keyName is null ? string.Empty : $", keyed by {keyName}")}.");
            return new([]);
        }

        if (keyName is not null && IsList(entries))
        {
            context.Error($"{SettingName} must name each key by the {keyName} the sender sends with it: {{ \"<{keyName}>\": \"<key>\" }}, not a list.");
        }

        var keys = new List<PinnedKey>();
        foreach (var (id, text) in entries)
        {
            if (TryLoad(id, text, algorithm, out var key, out var problem))
            {
                keys.Add(key);
            }
            else
            {
                context.Error($"{SettingName}:{id} {problem}");
            }
        }

        return new([.. keys]);
    }

    /// <summary>The key the sender named <paramref name="id"/> (ignoring case: ids are UUIDs or hex); null when none is pinned so.</summary>
    public PinnedKey? Find(ReadOnlySpan<char> id)
    {
        foreach (var key in _keys)
        {
            if (id.Equals(key.Id, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Whether any pinned key verifies <paramref name="signature"/> over <paramref name="data"/> at <paramref name="at"/>.</summary>
    public bool AnyVerifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DateTimeOffset at)
    {
        foreach (var key in _keys)
        {
            if (key.Verify(data, signature, at))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the setting was a JSON array, which the configuration binds as the keys 0, 1, 2…</summary>
    private static bool IsList(Dictionary<string, string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!entries.ContainsKey(i.ToString(CultureInfo.InvariantCulture)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryLoad(string id, string text, PublicKeyAlgorithm algorithm, out PinnedKey key, out string problem)
    {
        key = null!;
        problem = string.Empty;
        text = text.Trim();
        if (text.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            var path = text[FilePrefix.Length..];
            try
            {
                text = File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problem = $"cannot be read from {path}: {ex.Message}";
                return false;
            }
        }

        if (!TryDecode(text, out var spki, out var notBefore, out var notAfter, out problem)
            || !CheckType(spki, algorithm, out problem)
            || !CheckValidity(notBefore, notAfter, out problem))
        {
            return false;
        }

        key = new PinnedKey(id, spki, algorithm, notBefore, notAfter);
        return true;
    }

    /// <summary>The SubjectPublicKeyInfo of a PEM block (key or certificate) or of base64 DER, with a certificate's validity.</summary>
    private static bool TryDecode(string text, out byte[] spki, out DateTimeOffset notBefore, out DateTimeOffset notAfter, out string problem)
    {
        spki = [];
        notBefore = DateTimeOffset.MinValue;
        notAfter = DateTimeOffset.MaxValue;
        problem = string.Empty;
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var der = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, der, out var length))
            {
                problem = "is neither PEM (-----BEGIN PUBLIC KEY-----, -----BEGIN CERTIFICATE-----) nor base64 DER, nor file:<path>.";
                return false;
            }

            spki = der[..length];
            return true;
        }

        if (!PemEncoding.TryFind(text, out var pem))
        {
            problem = "is not valid PEM.";
            return false;
        }

        var label = text[pem.Label];
        if (!AdditionalBlocksAreChain(text.AsSpan(pem.Location.End..), label, out problem))
        {
            return false;
        }

        var data = Convert.FromBase64String(text[pem.Base64Data]);
        try
        {
            switch (label)
            {
                case "PUBLIC KEY":
                    spki = data;
                    return true;
                case "RSA PUBLIC KEY":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportRSAPublicKey(data, out _);
                        spki = rsa.ExportSubjectPublicKeyInfo();
                    }

                    return true;
                case "CERTIFICATE":
                    using (var certificate = X509CertificateLoader.LoadCertificate(data))
                    {
                        spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
                        notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
                        notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                    }

                    return true;
                default:
                    problem = label.Contains("PRIVATE", StringComparison.Ordinal)
                        ? $"holds a {label}: pin the sender's public key only (and keep private keys out of the configuration)."
                        : $"holds a {label}; expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE.";
                    return false;
            }
        }
        catch (CryptographicException ex)
        {
            problem = $"is not a valid {label}: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// A certificate may come with its chain (PayPal's certificate URL answers with one): the first is the signer's, the rest
    /// are ignored. Any other extra block is refused, so that two keys pasted into one entry are not silently half-pinned.
    /// </summary>
    private static bool AdditionalBlocksAreChain(ReadOnlySpan<char> rest, ReadOnlySpan<char> firstLabel, out string problem)
    {
        problem = string.Empty;
        while (PemEncoding.TryFind(rest, out var next))
        {
            if (!firstLabel.SequenceEqual("CERTIFICATE") || !rest[next.Label].SequenceEqual("CERTIFICATE"))
            {
                problem = "holds more than one PEM block; give each key its own entry (only a certificate may be followed by its chain).";
                return false;
            }

            rest = rest[next.Location.End..];
        }

        return true;
    }

    private static bool CheckType(byte[] spki, PublicKeyAlgorithm algorithm, out string problem)
    {
        problem = string.Empty;
        PublicKey publicKey;
        try
        {
            publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException ex)
        {
            problem = $"is not a public key (SubjectPublicKeyInfo): {ex.Message}";
            return false;
        }

        var type = publicKey.Oid.Value switch
        {
            RsaOid => "an RSA key",
            EcOid => "an EC key",
            _ => $"a key of type {publicKey.Oid.Value}",
        };
        if (algorithm.IsRsa != (publicKey.Oid.Value == RsaOid) || (!algorithm.IsRsa && publicKey.Oid.Value != EcOid))
        {
            problem = $"is {type}, but the signatures are {algorithm.Name}.";
            return false;
        }

        try
        {
            if (algorithm.IsRsa)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                if (rsa.KeySize < MinRsaBits)
                {
                    problem = $"is an RSA key of {rsa.KeySize} bits; at least {MinRsaBits} are required.";
                    return false;
                }
            }
            else
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
                var curve = CurveName(ecdsa.ExportParameters(includePrivateParameters: false).Curve);
                if (curve != "P-256")
                {
                    problem = $"is an EC key on {curve}; the signatures are {algorithm.Name}.";
                    return false;
                }
            }
        }
        catch (CryptographicException ex)
        {
            problem = $"is not a valid {type}: {ex.Message}";
            return false;
        }

        return true;
    }

    /// <summary>The NIST name of a named curve (the platforms' friendly names differ: nistP256, ECDSA_P256, prime256v1).</summary>
    private static string CurveName(ECCurve curve) => curve.Oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        _ => curve.Oid?.FriendlyName switch
        {
            "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1" => "P-256",
            { } name => name,
            null => curve.Oid?.Value ?? "an explicit curve",
        },
    };

    private static bool CheckValidity(DateTimeOffset notBefore, DateTimeOffset notAfter, out string problem)
    {
        var now = DateTimeOffset.UtcNow;
        problem = now < notBefore ? $"is a certificate not valid before {notBefore:u}."
            : now > notAfter ? $"is a certificate that expired on {notAfter:u}; pin the sender's current one."
            : string.Empty;
        return problem.Length == 0;
    }
}

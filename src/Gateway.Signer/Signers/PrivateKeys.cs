using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Reads the PEM private key a public-key scheme signs with (<c>--private-key FILE</c>); plain BCL, nothing from the gateway.</summary>
internal static class PrivateKeys
{
    public static RSA Rsa(SigningInput input) => Load(input, RSA.Create(), "RSA");

    public static ECDsa Ecdsa(SigningInput input) => Load(input, ECDsa.Create(), "EC");

    private static T Load<T>(SigningInput input, T key, string type)
        where T : AsymmetricAlgorithm
    {
        var path = input.Arguments.PrivateKeyFile ?? throw new UsageException($"{input.Arguments.Scheme} signs with a private key: give --private-key FILE (PEM).");
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new UsageException($"{input.Arguments.Scheme}: --private-key {path} is not a PEM {type} private key ({e.Message}).");
        }
    }
}

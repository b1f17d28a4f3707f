using System.Text;
using Gateway.Signer.Signers;

namespace Gateway.Signer.Tests;

/// <summary>Runs the signer as the command line does, minus the console: parse, take the body text, sign at --timestamp.</summary>
internal static class SignerHarness
{
    public static SignedRequest Sign(params string[] args)
    {
        var arguments = ArgumentParser.Parse(args);
        var now = DateTimeOffset.FromUnixTimeSeconds(arguments.Timestamp ?? 1_700_000_000);
        return SignerCatalog.Sign(arguments, Encoding.UTF8.GetBytes(arguments.BodyText!), now);
    }

    public static string Header(this SignedRequest request, string name)
    {
        foreach (var (headerName, value) in request.Headers)
        {
            if (headerName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {name} header");
    }
}

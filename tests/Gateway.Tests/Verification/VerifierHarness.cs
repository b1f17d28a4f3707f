using System.Text;
using Gateway.Configuration;
using Gateway.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Verification;

/// <summary>Builds a policy's verifier from an in-memory policy section, as the gateway does from yarp.json.</summary>
internal static class VerifierHarness
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>Builds the verifier; fails the test with the validation errors if the settings are invalid.</summary>
    public static ISignatureVerifier Create(ISignatureScheme scheme, IDictionary<string, string?> settings)
    {
        var verifier = TryCreate(scheme, settings, out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return verifier;
    }

    /// <summary>A policy section holding only these secrets (<c>Secrets:0</c>, <c>Secrets:1</c>, …).</summary>
    public static Dictionary<string, string?> Secrets(params string[] secrets) =>
        secrets.Select((s, i) => (i, s)).ToDictionary(p => $"Secrets:{p.i}", p => (string?)p.s);

    public static ISignatureVerifier TryCreate(ISignatureScheme scheme, IDictionary<string, string?> settings, out List<string> errors)
    {
        var data = settings.ToDictionary(p => "CallbackPolicies:p:" + p.Key, p => p.Value);
        data["CallbackPolicies:p:Scheme"] = scheme.Name;
        var section = new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection("CallbackPolicies:p");
        var options = section.Get<CallbackPolicyOptions>() ?? new CallbackPolicyOptions();
        errors = [];
        return scheme.Create(new SchemeContext("p", section, options, errors));
    }

    public static CallbackRequest Request(string body, IDictionary<string, string> headers, string uri = "/callback", DateTimeOffset? at = null, string method = "POST") =>
        Request(Encoding.UTF8.GetBytes(body), headers, uri, at, method);

    /// <summary>A request whose body is these exact bytes (which need not be valid UTF-8).</summary>
    public static CallbackRequest Request(byte[] body, IDictionary<string, string> headers, string uri = "/callback", DateTimeOffset? at = null, string method = "POST")
    {
        var headerDictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            headerDictionary[name] = value;
        }

        return new CallbackRequest(method, uri, headerDictionary, body, at ?? Now);
    }
}

using System.Text;
using Gateway.Signer;
using Gateway.Signer.Signers;

// A client for testing a deployment: signs a callback as the provider would, then prints a curl command, prints the headers,
// or sends it. It shares no code with the gateway, so a canonicalisation bug in one shows up against the other.
const int BadArguments = 2;
const int RequestFailed = 1;

SignerArguments arguments;
SignedRequest request;
try
{
    arguments = ArgumentParser.Parse(args);
    if (arguments.Help)
    {
        Console.Out.Write(ArgumentParser.Help());
        return 0;
    }

    var body = arguments.BodyFile is null ? Encoding.UTF8.GetBytes(arguments.BodyText!) : File.ReadAllBytes(arguments.BodyFile);
    var now = arguments.Timestamp is { } timestamp ? DateTimeOffset.FromUnixTimeSeconds(timestamp) : DateTimeOffset.UtcNow;
    request = SignerCatalog.Sign(arguments, body, now);
    if (arguments.WriteBody is not null)
    {
        File.WriteAllBytes(arguments.WriteBody, request.Body);
    }
}
catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("Run with --help for the schemes and options.");
    return BadArguments;
}

foreach (var note in request.Notes)
{
    Console.Error.WriteLine($"note: {note}");
}

if (arguments.PrintHeaders)
{
    foreach (var (name, value) in request.Headers)
    {
        Console.Out.WriteLine($"{name}: {value}");
    }

    return 0;
}

if (!arguments.Send)
{
    Console.Out.WriteLine(CurlCommand.Format(request, arguments.BodyFile));
    return 0;
}

try
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    using var response = await client.SendAsync(RequestSender.ToHttpRequest(request));
    Console.Out.WriteLine($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
    Console.Out.WriteLine(await response.Content.ReadAsStringAsync());
    return response.IsSuccessStatusCode ? 0 : RequestFailed;
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
{
    Console.Error.WriteLine($"error: the request to {request.Url} failed: {e.Message}");
    return RequestFailed;
}

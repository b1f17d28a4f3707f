namespace Gateway.Configuration;

/// <summary>A change to the configuration file that was not taken.</summary>
internal sealed record ConfigFileRejection(string Path, string Reason);

namespace Gateway.Signer;

/// <summary>A mistake in the command line or its inputs; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);

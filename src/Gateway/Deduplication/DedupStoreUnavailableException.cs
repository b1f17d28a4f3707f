namespace Gateway.Deduplication;

/// <summary>The dedup store could not answer (connection down, timeout).</summary>
internal sealed class DedupStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

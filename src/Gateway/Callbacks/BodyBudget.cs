using Gateway.Model;

namespace Gateway.Callbacks;

/// <summary>
/// The gateway-wide budget of bytes that callback bodies being read may hold at once (<c>Gateway:MaxBufferedBodyBytes</c>).
/// Without it, many slow senders that each declare a large body make the gateway hold their buffers however little they send.
/// </summary>
internal sealed class BodyBudget
{
    private readonly CallbackSettingsMonitor _settings;
    private long _reserved;

    public BodyBudget(CallbackSettingsMonitor settings)
    {
        _settings = settings;
    }

    /// <summary>Bytes held by bodies right now.</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _reserved, bytes) <= _settings.Current.Gateway.MaxBufferedBodyBytes)
        {
            return true;
        }

        Interlocked.Add(ref _reserved, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}

using System.Diagnostics;
using System.Globalization;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// SIGTERM for a process, which .NET's Process cannot send (Kill is SIGKILL): nginx's master must be terminated, not
/// killed, or its workers outlive it.
/// </summary>
internal static class Signals
{
    public static async Task TerminateAsync(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", processId.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }
}

using System.Text;
using Gateway.LoadTests.Senders;

namespace Gateway.LoadTests.Wrk;

/// <summary>
/// A file of unique callbacks, signed before the run so wrk only sends bytes: <c>{timestamp} {signature} {body}</c> a
/// line, in the order of their event ids.
/// </summary>
internal sealed record PresignedCallbacks(string Path, IReadOnlyList<string> Ids)
{
    public static async Task<PresignedCallbacks> WriteAsync(string path, EventIds events, int count, CancellationToken cancellationToken)
    {
        var ids = new string[count];
        var now = DateTimeOffset.UtcNow;
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20);
        for (var i = 0; i < count; i++)
        {
            var callback = CallbackSigner.Sign(ids[i] = events.Next(), now);
            await file.WriteLineAsync($"{callback.Timestamp} {callback.Signature} {Encoding.UTF8.GetString(callback.Body)}".AsMemory(), cancellationToken);
        }

        return new PresignedCallbacks(path, ids);
    }

    /// <summary>The events wrk sent: thread k of n sends lines k, k + n, k + 2n, … in order, and said how many it sent.</summary>
    public IReadOnlyList<string> Sent(IReadOnlyList<int> sentPerThread) =>
        [.. sentPerThread.SelectMany((sent, thread) => Ids.Where((_, line) => line % sentPerThread.Count == thread).Take(sent))];
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// One keep-alive HTTP/1.1 connection carrying one exchange at a time: the request's bytes out, the answer read to its
/// end (Content-Length or chunked), parsed only as far as a sender needs. The senders' client is this rather than
/// HttpClient because it shares two cores with the servers it measures: HttpClient (its messages, header collections
/// and content objects) took about a fifth more CPU per request here, about 100 μs against 80 μs (the open-model
/// table's client CPU column), CPU the gateway would not get.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];

    // The bytes received and not yet read are _buffer[_start.._end].
    private int _start;
    private int _end;

    private HttpConnection(Socket socket) => _socket = socket;

    /// <summary>False once the server has said it closes the connection after its answer.</summary>
    public bool Reusable { get; private set; } = true;

    public static async Task<HttpConnection> OpenAsync(EndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken);
            return new HttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<Answer> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var headLength = await ReceiveUntilAsync(HeadEnd, cancellationToken);
        var head = ResponseHead.Parse(_buffer.AsSpan(_start, headLength));
        _start += headLength + HeadEnd.Length;
        Reusable = !head.Close;
        var body = head.Chunked ? await ReadChunkedAsync(cancellationToken) : await ReadAsync((int)head.ContentLength, cancellationToken);
        return new Answer(head.Status, body, head.RetryAfter);
    }

    public void Dispose() => _socket.Dispose();

    private async Task<string> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        while (true)
        {
            var sizeLine = Encoding.ASCII.GetString(_buffer, _start, await ReceiveUntilAsync(LineEnd, cancellationToken));
            _start += sizeLine.Length + LineEnd.Length;
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailer fields until the empty line that ends the message.
                for (int length; (length = await ReceiveUntilAsync(LineEnd, cancellationToken)) > 0;)
                {
                    _start += length + LineEnd.Length;
                }

                _start += LineEnd.Length;
                return body.ToString();
            }

            body.Append(await ReadAsync(size, cancellationToken));
            await ReceiveAtLeastAsync(LineEnd.Length, cancellationToken);
            _start += LineEnd.Length;
        }
    }

    private async Task<string> ReadAsync(int length, CancellationToken cancellationToken)
    {
        await ReceiveAtLeastAsync(length, cancellationToken);
        var text = Encoding.UTF8.GetString(_buffer, _start, length);
        _start += length;
        return text;
    }

    /// <summary>Receives until <paramref name="delimiter"/> is among the unread bytes; returns how many come before it.</summary>
    private async Task<int> ReceiveUntilAsync(byte[] delimiter, CancellationToken cancellationToken)
    {
        int found;
        while ((found = _buffer.AsSpan(_start, _end - _start).IndexOf(delimiter)) < 0)
        {
            await ReceiveMoreAsync(cancellationToken);
        }

        return found;
    }

    private async Task ReceiveAtLeastAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            await ReceiveMoreAsync(cancellationToken);
        }
    }

    private async Task ReceiveMoreAsync(CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw new InvalidDataException($"An answer's head or body is larger than {BufferSize} bytes.");
            }

            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
        }

        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (received == 0)
        {
            throw new IOException("The server closed the connection in the middle of an answer.");
        }

        _end += received;
    }
}

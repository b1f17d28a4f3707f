using System.Globalization;
using System.Text;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// A payment event of about 1.1 KB, the size of a typical provider callback (an invoice with a line item, customer and
/// metadata), unique by its <c>"id"</c>, which is the gateway's dedup identity.
/// </summary>
internal static class CallbackBody
{
    public const int Size = 1100;

    public static byte[] For(string eventId, long created)
    {
        var start = string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"{{eventId}}","type":"invoice.paid","created":{{created}},"livemode":false,"data":{"object":{"id":"in_{{eventId}}","object":"invoice","amount_due":12550,"amount_paid":12550,"currency":"eur","customer":"cus_4f9a1c2e7b3d","customer_email":"buyer@example.com","status":"paid","lines":[{"id":"il_1","amount":12550,"description":"Annual plan","quantity":1}]},"metadata":{"order_id":"ORDER-2024-000193","note":"
            """);
        const string End = "\"}}}";
        var padding = Size - Encoding.UTF8.GetByteCount(start) - End.Length;
        return Encoding.UTF8.GetBytes(start + new string('x', Math.Max(padding, 0)) + End);
    }
}

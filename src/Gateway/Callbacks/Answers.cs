using System.Globalization;
using Gateway.Configuration;

namespace Gateway.Callbacks;

/// <summary>The gateway's own answers on callback routes: rejections as problem details, and the policy's duplicate answer.</summary>
internal readonly struct Answers(HttpContext context, GatewayOptions gateway)
{
    public GatewayOptions Gateway => gateway;

    public Task RejectAsync(int statusCode, string error, string detail, bool retryAfter = false)
    {
        if (retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(gateway.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // The detail says which check failed: useful to an operator testing a sender, useful to an attacker too.
        return Results.Problem(detail: gateway.ExposeRejectionDetail ? detail : null, statusCode: statusCode, title: error).ExecuteAsync(context);
    }

    public Task DuplicateAsync(CallbackPolicy policy)
    {
        var response = context.Response;
        response.StatusCode = policy.DuplicateResponse.StatusCode;
        response.ContentLength = policy.DuplicateBody.Length;
        if (policy.DuplicateBody.Length > 0)
        {
            response.ContentType = policy.DuplicateResponse.ContentType;
        }

        return response.Body.WriteAsync(policy.DuplicateBody).AsTask();
    }
}

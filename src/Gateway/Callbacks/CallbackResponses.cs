using System.Globalization;
using Gateway.Configuration;
using Gateway.Observability;
using Gateway.Model;

namespace Gateway.Callbacks;

/// <summary>
/// The gateway's own answers: rejections as problem details (status from <c>Gateway:StatusCodes</c>, title the outcome's
/// label, the detail only when <c>Gateway:ExposeRejectionDetail</c> is on), and the policy's duplicate answer.
/// </summary>
internal readonly struct CallbackResponses(HttpContext context, GatewayOptions gateway)
{
    public Task RejectAsync(CallbackOutcome outcome, string detail)
    {
        var codes = gateway.RejectionStatusCodes;
        var (status, retryAfter) = outcome switch
        {
            CallbackOutcome.TooLarge => (codes.TooLarge, false),
            CallbackOutcome.Malformed => (codes.Malformed, false),
            CallbackOutcome.Stale => (codes.Stale, false),
            CallbackOutcome.InFlight => (codes.InFlight, true),
            CallbackOutcome.StoreUnavailable => (codes.StoreUnavailable, true),
            CallbackOutcome.OverBudget => (codes.OverBudget, true),
            CallbackOutcome.PolicyUnavailable => (codes.PolicyUnavailable, true),
            CallbackOutcome.ForgedHeader => (codes.ForgedHeader, false),
            CallbackOutcome.UpgradeRefused => (codes.UpgradeRefused, false),
            CallbackOutcome.PathVariant => (codes.PathVariant, false),
            CallbackOutcome.MethodNotAllowed => (StatusCodes.Status405MethodNotAllowed, false), // HTTP's meaning, with Allow
            _ => (codes.InvalidSignature, false),
        };
        if (retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(gateway.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // The detail says which check failed: useful to an operator testing a sender, useful to an attacker too.
        return Results.Problem(detail: gateway.ExposeRejectionDetail ? detail : null, statusCode: status, title: outcome.Label()).ExecuteAsync(context);
    }

    public Task DuplicateAsync(CallbackPolicy policy)
    {
        var response = context.Response;
        response.StatusCode = policy.DuplicateStatusCode;
        response.ContentLength = policy.DuplicateBody.Length;
        if (policy.DuplicateBody.Length > 0)
        {
            response.ContentType = policy.DuplicateContentType;
        }

        return response.Body.WriteAsync(policy.DuplicateBody).AsTask();
    }
}

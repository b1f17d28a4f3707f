using System.Buffers;
using System.Collections.Frozen;
using Gateway.Callbacks;
using Gateway.Configuration;
using Gateway.Observability;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;
using Gateway.Model;

namespace Gateway.Guard;

/// <summary>
/// Guards what a backend would <em>take</em> for a callback, not only what YARP matched. It runs after routing (it needs the
/// matched route) and before any endpoint, on every request:
/// <list type="number">
/// <item>a header that a CGI-style backend reads as a trusted header (<c>X_Callback_Verified</c>) → 400, on every route;</item>
/// <item>routing-override headers (<c>X-Original-URL</c>, <c>X-HTTP-Method-Override</c>…) are removed, on every route;</item>
/// <item>a path that, read as lenient backends read paths (<see cref="BackendPath"/>), lands on a callback route's path but
/// did not match a callback route → 405 with <c>Allow</c> for another method, else 404; never forwarded;</item>
/// <item>a protocol upgrade on such a path, its callback route included → 400: a tunnel would carry unverified bytes.</item>
/// </list>
/// </summary>
internal sealed class CallbackGuardMiddleware(
    RequestDelegate next,
    GuardedRoutes guarded,
    CallbackSettingsMonitor settings,
    GatewayMetrics metrics,
    RejectionLog rejections)
{
    /// <summary>Query parameters that front controllers read as the route, even when the value is a single word.</summary>
    private static readonly FrozenSet<string> RouterParameters =
        new[] { "q", "r", "s", "route", "_route", "_url", "url", "path", "page", "p", "controller", "action", "module" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Characters that make a query value path-like, or hide one behind an escape (<c>+</c> is a space).</summary>
    private static readonly SearchValues<char> PathLikeInQuery = SearchValues.Create("/\\%+");

    private HeaderNames? _headerNames;

    public Task InvokeAsync(HttpContext context)
    {
        // One snapshot of the settings for the whole request: the callback middleware and the header transform read this one.
        var current = settings.Current;
        context.Features.Set(current);
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        var matchedPolicy = route?.Metadata?.GetValueOrDefault(GatewayOptions.PolicyMetadataKey);
        if (CheckHeaders(context, NamesFor(current)) is { } forged)
        {
            return RejectAsync(context, current, route?.RouteId ?? string.Empty, matchedPolicy ?? string.Empty, CallbackOutcome.ForgedHeader, $"header {forged} reads as a trusted header");
        }

        var routes = guarded.Current;
        var upgrade = IsUpgrade(context);
        if (routes.Length == 0 || (matchedPolicy is not null && !upgrade))
        {
            return next(context); // a callback route: the callback middleware verifies it
        }

        var target = RawTarget(context);
        if (IsPlainMiss(target, routes))
        {
            return next(context); // the common case, decided without allocating
        }

        var readings = BackendPath.Readings(target);
        GuardedRoute? hit = null;
        var methodAllowed = false;
        foreach (var path in readings)
        {
            foreach (var candidate in routes)
            {
                if (candidate.Matches(path))
                {
                    hit ??= candidate;
                    methodAllowed |= candidate.Allows(context.Request.Method);
                }
            }
        }

        if (hit is null)
        {
            // Front controllers that route by a query parameter (/?q=callbacks/x, /index.php?route=…, index.php?/…).
            return QueryRoutes(target, routes) is { } routed
                ? RejectAsync(context, current, routed.RouteId, routed.Policy, CallbackOutcome.PathVariant, "a callback path in the query")
                : next(context);
        }

        if (upgrade)
        {
            return RejectAsync(context, current, hit.RouteId, hit.Policy, CallbackOutcome.UpgradeRefused, "protocol upgrade on a callback path");
        }

        if (!methodAllowed)
        {
            context.Response.Headers.Allow = AllowedMethods(routes, readings);
            return RejectAsync(context, current, hit.RouteId, hit.Policy, CallbackOutcome.MethodNotAllowed, $"method {context.Request.Method} on a callback path");
        }

        return RejectAsync(context, current, hit.RouteId, hit.Policy, CallbackOutcome.PathVariant, "another form of a callback path");
    }

    /// <summary>
    /// Whether the target is plain (letters, digits, <c>-_~/</c> only, single slashes, no trailing slash: a form every backend
    /// reads as written) and lands on no callback route, with a query that cannot route either. Then the full reading, which
    /// allocates, would find nothing; anything else takes the full reading.
    /// </summary>
    private static bool IsPlainMiss(string target, GuardedRoute[] routes)
    {
        var question = target.IndexOf('?');
        var path = question < 0 ? target.AsSpan() : target.AsSpan(0, question);
        if (!BackendPath.IsPlain(path))
        {
            return false;
        }

        foreach (var route in routes)
        {
            if (route.MatchesPlain(path))
            {
                return false;
            }
        }

        return question < 0 || !QueryMayRoute(target.AsSpan(question + 1));
    }

    /// <summary>Whether a query could name a callback path: it holds a path-like character, or a router's parameter name.</summary>
    private static bool QueryMayRoute(ReadOnlySpan<char> query)
    {
        if (query.IndexOfAny(PathLikeInQuery) >= 0)
        {
            return true;
        }

        var routers = RouterParameters.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in query.SplitAny('&', ';'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (routers.Contains(equals < 0 ? pair : pair[..equals]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The callback route that a query-routing front controller would run for this request, if any: a query key or value
    /// that reads as a callback path (Drupal's <c>?q=</c>, OpenCart's <c>?route=</c>, CodeIgniter's <c>index.php?/…</c>,
    /// ThinkPHP's <c>?s=</c>, Phalcon's <c>?_url=</c>, Yii's <c>?r=</c>, and any other parameter whose value is a path).
    /// A bare word is taken for a path only under those routers' parameter names, so <c>?tab=webhook</c> stays a query.
    /// </summary>
    private static GuardedRoute? QueryRoutes(string target, GuardedRoute[] routes)
    {
        var start = target.IndexOf('?');
        if (start < 0 || start == target.Length - 1)
        {
            return null;
        }

        foreach (var pair in target[(start + 1)..].Split('&', ';'))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            foreach (var candidate in (ReadOnlySpan<string>)[key, value])
            {
                // Still escaped after one decoding ('%2F'): a backend that decodes again may read a path, so read it as one.
                var pathLike = candidate.AsSpan().IndexOfAny('/', '\\', '%') >= 0 || (candidate == value && RouterParameters.Contains(key));
                if (candidate.Length == 0 || !pathLike)
                {
                    continue;
                }

                var segments = BackendPath.Segments("/" + candidate.TrimStart('/', '\\'));
                foreach (var route in routes)
                {
                    if (route.Matches(segments))
                    {
                        return route;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The first trusted-header look-alike, if any; routing overrides are removed on the way.</summary>
    private static string? CheckHeaders(HttpContext context, HeaderNames names)
    {
        List<string>? overrides = null;
        foreach (var header in context.Request.Headers)
        {
            switch (names.Classify(header.Key))
            {
                case HeaderNames.Kind.TrustedLookAlike:
                    return header.Key;
                case HeaderNames.Kind.RoutingOverride:
                    (overrides ??= []).Add(header.Key);
                    break;
            }
        }

        foreach (var name in overrides ?? [])
        {
            context.Request.Headers.Remove(name);
        }

        return null;
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Request.Headers.ContainsKey("Upgrade")
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
        || HttpMethods.IsConnect(context.Request.Method);

    /// <summary>The request target as the client sent it: what the backend will parse, before Kestrel's own decoding.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : string.Concat(context.Request.PathBase.ToUriComponent(), context.Request.Path.ToUriComponent());

    private static string AllowedMethods(GuardedRoute[] routes, string[][] readings)
    {
        var methods = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in readings)
        {
            foreach (var route in routes)
            {
                if (route.Matches(path))
                {
                    methods.UnionWith(route.Methods);
                }
            }
        }

        return string.Join(", ", methods);
    }

    private HeaderNames NamesFor(CallbackSettings current)
    {
        // One set of names per configuration, not per request.
        var cached = Volatile.Read(ref _headerNames);
        if (cached is not null && ReferenceEquals(cached.Source, current.Gateway.TrustedHeaders))
        {
            return cached;
        }

        var names = new HeaderNames(current.Gateway.TrustedHeaders);
        Volatile.Write(ref _headerNames, names);
        return names;
    }

    private Task RejectAsync(HttpContext context, CallbackSettings current, string route, string policy, CallbackOutcome outcome, string reason)
    {
        metrics.Count(route, policy, outcome);
        rejections.Rejected(route, policy, outcome.Label(), reason);
        return new CallbackResponses(context, current.Gateway).RejectAsync(outcome, reason);
    }
}

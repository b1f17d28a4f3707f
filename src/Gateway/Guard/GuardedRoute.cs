namespace Gateway.Guard;

/// <summary>
/// The paths of one callback route (its public path, and where its transforms and destinations send it on the backend) as
/// patterns over <see cref="BackendPath"/> segments: a literal segment must equal the request's (normalised alike), a
/// parameter (<c>{id}</c>, <c>{id:int}</c>, <c>file.{ext}</c>) matches any one segment, and a catch-all (<c>{**rest}</c>) or a
/// trailing optional parameter matches whatever follows, nothing included. A route without a path matches every path, as
/// YARP routes it.
/// </summary>
internal sealed class GuardedRoute
{
    private readonly Segment[][] _patterns;

    private GuardedRoute(string routeId, string policy, string[] methods, Segment[][] patterns)
    {
        RouteId = routeId;
        Policy = policy;
        Methods = methods;
        _patterns = patterns;
    }

    private enum SegmentKind
    {
        Literal,
        Any,
        Rest,
    }

    public string RouteId { get; }

    public string Policy { get; }

    /// <summary>The methods the callback route takes; empty means any.</summary>
    public string[] Methods { get; }

    public static GuardedRoute Create(string routeId, string policy, string? path, IReadOnlyList<string>? methods) =>
        Create(routeId, policy, [path], methods);

    /// <summary>A route guarded on several paths: <paramref name="paths"/> (null is "every path").</summary>
    public static GuardedRoute Create(string routeId, string policy, IEnumerable<string?> paths, IReadOnlyList<string>? methods) =>
        new(routeId, policy, methods is { Count: > 0 } ? [.. methods] : [], [.. paths.Select(Pattern)]);

    /// <summary>Whether a request on these (normalised) segments would land on this route's handler in a lenient backend.</summary>
    public bool Matches(string[] path)
    {
        foreach (var pattern in _patterns)
        {
            if (Matches(pattern, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same as <see cref="Matches(string[])"/> for a path that <see cref="BackendPath.IsPlain"/>, without allocating.</summary>
    public bool MatchesPlain(ReadOnlySpan<char> path)
    {
        foreach (var pattern in _patterns)
        {
            if (MatchesPlain(pattern, path[1..]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesPlain(Segment[] pattern, ReadOnlySpan<char> path)
    {
        var i = 0;
        foreach (var range in path.Split('/'))
        {
            if (i >= pattern.Length)
            {
                return false;
            }

            var segment = pattern[i++];
            if (segment.Kind == SegmentKind.Rest)
            {
                return true;
            }

            if (segment.Kind == SegmentKind.Literal && !path[range].Equals(segment.Text, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return i == pattern.Length || (i == pattern.Length - 1 && pattern[i].Kind == SegmentKind.Rest);
    }

    private static Segment[] Pattern(string? path)
    {
        var segments = new List<Segment>();
        var parts = (path ?? "/{**rest}").Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Contains('{', StringComparison.Ordinal))
            {
                var rest = part.StartsWith("{*", StringComparison.Ordinal) || (i == parts.Length - 1 && part.EndsWith("?}", StringComparison.Ordinal));
                segments.Add(new Segment(rest ? SegmentKind.Rest : SegmentKind.Any, string.Empty));
                if (rest)
                {
                    break;
                }

                continue;
            }

            var literal = BackendPath.Segment(part);
            segments.Add(new Segment(SegmentKind.Literal, i == parts.Length - 1 ? BackendPath.WithoutExtension(literal) : literal));
        }

        return [.. segments];
    }

    private static bool Matches(Segment[] pattern, string[] path)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var segment = pattern[i];
            if (segment.Kind == SegmentKind.Rest)
            {
                return true;
            }

            if (i >= path.Length || (segment.Kind == SegmentKind.Literal && !string.Equals(segment.Text, path[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return path.Length == pattern.Length;
    }

    public bool Allows(string method)
    {
        if (Methods.Length == 0)
        {
            return true;
        }

        foreach (var allowed in Methods)
        {
            if (string.Equals(allowed, method, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Segment(SegmentKind Kind, string Text);
}

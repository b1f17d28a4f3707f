using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Guard;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Guard;

/// <summary>
/// Generated forms of a callback path, each built from steps some backend undoes (case, <c>//</c>, <c>;params</c>,
/// percent-encoding, dot segments, trailing dots and spaces, <c>\</c>, an extension): every one normalises to the guarded
/// path, and none that missed the callback route reaches the real backend.
/// </summary>
public sealed class PathFormPropertyTests : IAsyncLifetime
{
    private static readonly string[] Guarded = ["hooks", "hmac"];
    private Backend? _backend;
    private GatewayInstance? _gateway;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        _gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(_backend.Address));
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await _backend!.DisposeAsync();
    }

    [Property(MaxTest = 500, Arbitrary = new[] { typeof(PathForms) })]
    public void Segments_AnyBackendEquivalentForm_IsTheGuardedPath(PathForm form)
    {
        Assert.Equal(Guarded, BackendPath.Segments(form.Target));
    }

    [Property(MaxTest = 60, Arbitrary = new[] { typeof(PathForms) })]
    public void Gateway_UnsignedRequestOnAnyForm_NeverReachesTheBackend(PathForm form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TestCallbacks.RawUri(_gateway!.Client, form.Target))
        {
            Content = new StringContent(TestCallbacks.NewBody(), Encoding.UTF8, "application/json"),
        };

        var response = _gateway.Client.SendAsync(request).GetAwaiter().GetResult();

        // Forms YARP matches to the callback route are verified (401 unsigned); every other form is refused by the guard.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
        Assert.Empty(_backend!.Received);
    }

    /// <summary>One generated form of <c>/hooks/hmac</c>, with the steps that made it (for the failure message).</summary>
    public sealed record PathForm(string Target, string Steps)
    {
        public override string ToString() => $"{Target}  ({Steps})";
    }

    /// <summary>Builds forms segment by segment, then decorates the whole path.</summary>
    public static class PathForms
    {
        private static readonly string[] Extensions = [".json", ".php", ".xml", ".do", ".aspx"];

        public static Arbitrary<PathForm> Forms() => Gen.Choose(0, int.MaxValue).Select(seed => Build(new Random(seed))).ToArbitrary();

        private static PathForm Build(Random random)
        {
            var steps = new List<string>();
            var path = new StringBuilder();
            if (random.Next(4) == 0)
            {
                path.Append("/x/..");
                steps.Add("dot-dot before");
            }

            for (var i = 0; i < Guarded.Length; i++)
            {
                path.Append(Slashes(random, steps, first: i == 0 && path.Length == 0));
                if (random.Next(5) == 0)
                {
                    path.Append("./");
                    steps.Add("dot segment");
                }

                path.Append(Segment(Guarded[i], random, steps));
                if (random.Next(3) == 0)
                {
                    path.Append(';').Append(random.Next(2) == 0 ? "jsessionid=1" : "x");
                    steps.Add("param");
                }
            }

            switch (random.Next(8))
            {
                case 0: path.Append('.'); steps.Add("trailing dot"); break;
                case 1: path.Append("%20"); steps.Add("trailing space"); break;
                case 2: path.Append("%09"); steps.Add("trailing tab"); break;
                case 3: path.Append(Extensions[random.Next(Extensions.Length)]); steps.Add("extension"); break;
                case 4: path.Append('/'); steps.Add("trailing slash"); break;
                case 5: path.Append("%5C"); steps.Add("trailing backslash"); break;
                case 6: path.Append(". ."); path.Replace(" ", "%20"); steps.Add("dots and spaces"); break;
            }

            return new PathForm(path.ToString(), string.Join(", ", steps));
        }

        /// <summary>A request target starts with '/', so the first separator is never a backslash.</summary>
        private static string Slashes(Random random, List<string> steps, bool first)
        {
            switch (random.Next(first ? 2 : 6))
            {
                case 0: steps.Add("double slash"); return "//";
                case 1 when !first: steps.Add("backslash"); return "%5C";
                default: return "/";
            }
        }

        private static string Segment(string name, Random random, List<string> steps)
        {
            var text = new StringBuilder();
            foreach (var c in name)
            {
                switch (random.Next(10))
                {
                    case 0: text.Append(char.ToUpperInvariant(c)); steps.Add("case"); break;
                    case 1: text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); steps.Add("encoded"); break;
                    case 2: text.Append("%25").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); steps.Add("double-encoded"); break;
                    default: text.Append(c); break;
                }
            }

            return text.ToString();
        }
    }
}

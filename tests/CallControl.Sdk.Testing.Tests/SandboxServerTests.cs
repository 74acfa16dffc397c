using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallControl.Sdk.Sandbox;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// The <c>callcontrol-sandbox</c> tool's server, run in-process by its own entry code and driven over HTTP as a test
/// in another process would: the control surface, the jumpable clock, settings and bad input. (CI also installs the
/// packed tool and drives it: .ci/package-check.)
/// </summary>
[TestFixture]
public sealed class SandboxServerTests
{
    [Test]
    public async Task TheControlSurface_InjectsFaults_LimitsTheRate_SeedsCalls_ListsRequests_AndResets()
    {
        await using var server = await ServerAsync("--port", "0", "--seed-calls", "2");
        var status = await server.GetJsonAsync("_sandbox");
        await server.PostAsync("_sandbox/faults", """{"kind":"fail","count":1,"status":503,"retryAfter":"2"}""");
        using var failed = await server.Api.GetAsync("telephony/calls");
        using var listed = await server.Api.GetAsync("telephony/calls");
        var added = await server.PostAsync("_sandbox/calls", """{"state":"held","remoteParty":"+14085550199"}""");
        await server.Control.PutAsync("_sandbox/rate-limit", Json("""{"requestsPerSecond":0.001,"burst":1}"""));
        using var allowed = await server.Api.GetAsync("telephony/calls");
        using var limited = await server.Api.GetAsync("telephony/calls");
        var requests = await server.Control.GetStringAsync("_sandbox/requests");
        using var refused = await server.Control.PostAsync("_sandbox/faults", Json("""{"kind":"boom"}"""));
        var reset = await server.PostAsync("_sandbox/reset", "{}");

        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("calls").GetInt32(), Is.EqualTo(2), "--seed-calls 2");
            Assert.That((failed.StatusCode, failed.Headers.RetryAfter?.ToString()), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "2")));
            Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(added.GetProperty("state").GetString(), Is.EqualTo("Held"));
            Assert.That((allowed.StatusCode, limited.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.TooManyRequests)));
            Assert.That(JsonDocument.Parse(requests).RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(4));
            Assert.That(requests, Does.Not.Contain(server.Token), "no header values in the log");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((reset.GetProperty("requests").GetInt32(), reset.GetProperty("calls").GetInt32()), Is.EqualTo((0, 0)));
        });
    }

    [Test]
    public async Task AdvancingTheClock_ExpiresIssuedTokens_AndTheSdkRefreshesThroughIt()
    {
        await using var server = await ServerAsync("--port", "0", "--token-lifetime", "00:10:00");
        using var client = new CallControlClient(new CallControlClientOptions
        {
            BaseAddress = server.BaseAddress,
            TokenProvider = new WebexRefreshTokenProvider(new WebexRefreshTokenProviderOptions
            {
                ClientId = "sandbox-client-id",
                ClientSecret = "sandbox-client-secret",
                RefreshToken = "sandbox-refresh-token",
                TokenEndpoint = new Uri(server.BaseAddress, "access_token"),
            }),
        });
        await client.ListCallsAsync();
        var advanced = await server.PostAsync("_sandbox/clock/advance", """{"seconds":3600}""");
        await client.ListCallsAsync(); // the cached token is expired on the sandbox's clock: 401, one refresh, resent
        var status = await server.GetJsonAsync("_sandbox");
        var requests = await server.Control.GetStringAsync("_sandbox/requests");

        Assert.Multiple(() =>
        {
            Assert.That(advanced.GetProperty("now").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(59)));
            Assert.That(status.GetProperty("tokenRefreshes").GetInt32(), Is.EqualTo(2));
            Assert.That(requests, Does.Contain("\"status\":401"));
            Assert.That(requests, Does.Not.Contain("sandbox-client-secret"), "token requests' bodies are left out");
        });
    }

    [TestCase(new[] { "--token-lifetime", "soon" }, "--token-lifetime 'soon' is not a positive time span")]
    [TestCase(new[] { "--port", "70000" }, "--port must be 0-65535")]
    [TestCase(new[] { "--config", "/nonexistent/sandbox.json" }, "does not exist")]
    public async Task BadSettings_ExitWith2_SayingWhich(string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SandboxTool.RunAsync(args, output, error, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task SettingsFromAJsonFile_AndEnvironmentVariables_ApplyBelowTheCommandLine()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"SeedCalls": 3, "AccessToken": "from-file", "Port": 0}""");
        Environment.SetEnvironmentVariable("CALLCONTROL_SANDBOX_SEEDCALLS", "4"); // read by the tool only
        try
        {
            await using var server = await ServerAsync("--config", file, "--access-token", "from-command-line");
            var status = await server.GetJsonAsync("_sandbox");
            server.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "from-command-line");
            using var listed = await server.Api.GetAsync("telephony/calls");
            Assert.That((status.GetProperty("calls").GetInt32(), listed.StatusCode), Is.EqualTo((4, HttpStatusCode.OK)), "the variable over the file, the command line over both");
        }
        finally
        {
            Environment.SetEnvironmentVariable("CALLCONTROL_SANDBOX_SEEDCALLS", null);
            File.Delete(file);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<Server> ServerAsync(params string[] args)
    {
        var started = new TaskCompletionSource<CallControlSandbox>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var run = SandboxTool.RunAsync(args, output, output, stop.Token, s => started.TrySetResult(s));
        var sandbox = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new Server(sandbox.BaseAddress, sandbox.AccessToken, run, stop, output);
    }

    private sealed class Server : IAsyncDisposable
    {
        private readonly Task<int> _run;
        private readonly CancellationTokenSource _stop;
        private readonly StringWriter _output;

        public Server(Uri baseAddress, string token, Task<int> run, CancellationTokenSource stop, StringWriter output)
        {
            (BaseAddress, Token, _run, _stop, _output) = (baseAddress, token, run, stop, output);
            Api = new HttpClient { BaseAddress = baseAddress };
            Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Control = new HttpClient { BaseAddress = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + "/") };
        }

        public Uri BaseAddress { get; }

        public string Token { get; }

        public HttpClient Api { get; }

        public HttpClient Control { get; }

        public async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await Control.GetStringAsync(path)).RootElement;

        public async Task<JsonElement> PostAsync(string path, string json)
        {
            using var response = await Control.PostAsync(path, Json(json));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.IsSuccessStatusCode, Is.True, text);
            return JsonDocument.Parse(text).RootElement;
        }

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            Control.Dispose();
            await _stop.CancelAsync();
            var code = await _run.WaitAsync(TimeSpan.FromSeconds(30));
            _stop.Dispose();
            Assert.That(code, Is.EqualTo(0), _output.ToString());
            Assert.That(_output.ToString(), Does.Contain("stopped"));
        }
    }
}

using Microsoft.Extensions.Configuration;
using CallControl.Sdk.ContractTests.Infrastructure;
using System.Text.RegularExpressions;
using CallControl.Demo;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The README's demo and the command line, run against the sandbox.</summary>
[TestFixture]
public sealed class DemoAndCliTests
{
    [Test]
    public async Task SandboxTour_RunsEveryStepAndExitsZero()
    {
        using var output = new StringWriter();

        var exit = await SandboxTour.RunAsync(output);

        Assert.That(exit, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("204 NoContent").And.Contain("201 Created").And.Contain("429").And.Contain("0 requests sent").And.Contain("divert")
            .And.Contain("after the divert: 0 call(s)").And.Contain("Held then resumed").And.Contain("placed-call history: 1 record(s)")
            .And.Contain("answered, transfer 204; events received: Connected, Held, Alerting, Answered, Disconnected, Disconnected"));
    }

    [Test]
    public async Task Cli_AttendedAgainstTheSandbox_ExitsZero()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var held = sandbox.AddHeldCall();
        var consult = sandbox.AddConnectedCall();

        var (exit, stdout, _) = await RunCli("transfer", "attended", "--call1", held.Id, "--call2", consult.Id, "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString(), "--tracking-id", "cli-test");

        Assert.That(exit, Is.EqualTo(DemoCli.Ok));
        Assert.That(stdout, Does.Contain("Attended transfer done: 204"));
        Assert.That(sandbox.Requests.Single().Headers["TrackingID"], Is.EqualTo("cli-test"));
    }

    [Test]
    public async Task Cli_MuteAgainstTheSandbox_PrintsTheNewCall()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var call = sandbox.AddConnectedCall();

        var (exit, stdout, _) = await RunCli("transfer", "mute", "--call1", call.Id, "--to", "+12223334444", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.Ok));
        Assert.That(stdout, Does.Contain("Mute transfer done: 201").And.Contain("new callId"));
    }

    [Test]
    public async Task Cli_CallsListAndGet_PrintTheCalls()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var call = sandbox.AddHeldCall("+14085550111");
        string[] auth = ["--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString()];

        var (listExit, listed, _) = await RunCli(["calls", "list", .. auth]);
        var (getExit, details, _) = await RunCli(["calls", "get", call.Id, .. auth]);

        Assert.That((listExit, getExit), Is.EqualTo((DemoCli.Ok, DemoCli.Ok)));
        Assert.That(listed, Does.Contain(call.Id).And.Contain("Held").And.Contain("+14085550111"));
        Assert.That(details, Does.Contain("state Held").And.Contain("personality Terminator").And.Contain("muted False"));
    }

    [Test]
    public async Task Cli_DialHoldResumeDivertHangup_DriveTheSandbox()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var ringing = sandbox.AddIncomingUnansweredCall();
        string[] auth = ["--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString()];

        var (dialExit, dialed, _) = await RunCli(["dial", "--to", "+12223334444", .. auth]);
        var callId = sandbox.Calls.Single(c => c.RemoteParty == "+12223334444").Id;
        var hold = await RunCli(["hold", "--call", callId, "--tracking-id", "cli-hold", .. auth]);
        var heldState = sandbox.Calls.Single(c => c.Id == callId).State;
        var resume = await RunCli(["resume", "--call", callId, .. auth]);
        var divert = await RunCli(["divert", "--call", ringing.Id, "--voicemail", .. auth]);
        var hangup = await RunCli(["hangup", "--call", callId, .. auth]);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { dialExit, hold.Exit, resume.Exit, divert.Exit, hangup.Exit }, Is.All.EqualTo(DemoCli.Ok));
            Assert.That(dialed, Does.Contain("Dialed: 201").And.Contain("new callId " + callId));
            Assert.That(heldState, Is.EqualTo(SandboxCallState.Held));
            Assert.That(hold.Stdout, Does.Contain("Hold done: 204").And.Contain("TrackingID cli-hold"));
            Assert.That(divert.Stdout, Does.Contain("Divert done: 204"));
            Assert.That(sandbox.Calls, Is.Empty);
            Assert.That(sandbox.Requests.Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]), Is.EqualTo(new[] { "dial", "hold", "resume", "divert", "hangup" }));
        });
    }

    [Test]
    public async Task Cli_DivertWithoutDestinationOrVoicemail_Exits2AndSendsNothing()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();

        var (exit, _, stderr) = await RunCli("divert", "--call", "call-1", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.InvalidArguments));
        Assert.That(stderr, Does.Contain("destination is required: only a divert to the user's own voicemail has no destination"));
        Assert.That(sandbox.Requests, Is.Empty);
    }

    [Test]
    public async Task Cli_HoldOfAnUnknownCall_Exits3()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();

        var (exit, _, stderr) = await RunCli("hold", "--call", "no-such-call", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.ApiError));
        Assert.That(stderr, Does.Contain("hold failed with 404"));
    }

    [Test]
    public async Task Cli_ApiError_Exits3()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();

        var (exit, _, stderr) = await RunCli("transfer", "auto", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.ApiError));
        Assert.That(stderr, Does.Contain("409"));
    }

    [Test]
    public async Task Cli_DroppedConnection_Exits4()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        sandbox.AddHeldCall();
        sandbox.AddConnectedCall();
        sandbox.DropNext(1);

        var (exit, _, stderr) = await RunCli("transfer", "auto", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.OutcomeUnknown));
        Assert.That(stderr, Does.Contain("OUTCOME UNKNOWN"));
    }

    [Test]
    public async Task Cli_CtrlCWhileTheCommandIsOnTheWire_Exits4WithOutcomeUnknownAndTheTrackingId()
    {
        var serverTime = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = serverTime });
        var call = sandbox.AddConnectedCall();
        sandbox.DelayNext(1, TimeSpan.FromMinutes(1)); // on the sandbox's fake clock: held until the test moves it
        using var cts = new CancellationTokenSource();

        var run = RunCli(cts.Token, "hold", "--call", call.Id, "--tracking-id", "ctrl-c-1", "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());
        await serverTime.WaitForTimersAsync(1); // the hold has reached the sandbox, which holds its answer
        await cts.CancelAsync();
        var (exit, _, stderr) = await run;

        Assert.That(exit, Is.EqualTo(DemoCli.OutcomeUnknown));
        Assert.That(stderr, Does.Contain("OUTCOME UNKNOWN").And.Contain("ctrl-c-1"));
    }

    [Test]
    public async Task Cli_CtrlCBeforeAnythingWasSent_Exits130()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var call = sandbox.AddConnectedCall();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var (exit, _, stderr) = await RunCli(cts.Token, "hold", "--call", call.Id, "--token", sandbox.AccessToken, "--base-url", sandbox.BaseAddress.ToString());

        Assert.That(exit, Is.EqualTo(DemoCli.Cancelled));
        Assert.That(stderr, Does.Contain("Cancelled; nothing was carried out"));
        Assert.That(sandbox.Requests, Is.Empty);
    }

    [Test]
    public async Task Cli_ConnectionRefused_Exits5SayingNothingWasSent()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: every connection is refused

        var (exit, _, stderr) = await RunCli("hold", "--call", "c1", "--token", "t", "--base-url", $"http://127.0.0.1:{port}/v1/");

        Assert.That(exit, Is.EqualTo(DemoCli.Unreachable));
        Assert.That(stderr, Does.Contain("UNREACHABLE").And.Contain("nothing was sent"));
    }

    [TestCase("transfer", "attended", "--call1", "a")]
    [TestCase("transfer", "mute", "--call1", "a", "--to", "not a number", "--token", "t")]
    [TestCase("transfer", "frobnicate")]
    public async Task Cli_InvalidArguments_Exit2WithoutSending(params string[] args)
    {
        var (exit, _, stderr) = await RunCli(args);

        Assert.That(exit, Is.EqualTo(DemoCli.InvalidArguments));
        Assert.That(stderr, Is.Not.Empty);
    }

    [Test]
    public async Task Cli_Help_ListsEveryCommandAndTheExitCodes()
    {
        var (exit, stdout, _) = await RunCli("transfer", "--help");

        Assert.That(exit, Is.Zero);
        Assert.That(stdout, Does.Contain("attended").And.Contain("mute").And.Contain("auto"));
        var (_, rootHelp, _) = await RunCli("--help");
        Assert.That(rootHelp, Does.Contain("4 outcome unknown").And.Contain("5 Webex unreachable").And.Contain("130 cancelled"));
    }

    [Test]
    public async Task Readme_Quickstart_TransfersAgainstTheSandbox()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var held = sandbox.AddHeldCall();
        var consult = sandbox.AddConnectedCall();

        var result = await Quickstart.RunAsync(sandbox.AccessToken, sandbox.BaseAddress, held.Id, consult.Id, CancellationToken.None);

        Assert.That(result.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NoContent));
        Assert.That(sandbox.Calls, Is.Empty);
    }

    [Test]
    public void Readme_QuickstartSnippet_IsTheCompiledSample()
    {
        var root = RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "CallControl.Demo", "Quickstart.cs"));
        var region = Regex.Match(sample, @"#region quickstart\r?\n(?<code>.*?)\r?\n\s*#endregion", RegexOptions.Singleline).Groups["code"].Value;
        var expected = Dedent(region);
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.That(expected, Is.Not.Empty);
        Assert.That(readme, Does.Contain(expected), "README.md must quote samples/CallControl.Demo/Quickstart.cs (#region quickstart) exactly");
    }

    [Test]
    public async Task Readme_DependencyInjectionExample_RunsAgainstTheSandbox()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        sandbox.AddConnectedCall();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:AccessToken"] = sandbox.AccessToken,
            ["Webex:BaseAddress"] = sandbox.BaseAddress.ToString(),
        }).Build();

        var ex = await Catch.Async<CallControlApiException>(DependencyInjectionExample.RunAsync(configuration, new FixedTokens("not-the-agents-token"), CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "the agent's own token was sent, not the registration's");

        var calls = await DependencyInjectionExample.RunAsync(configuration, new FixedTokens(sandbox.AccessToken), CancellationToken.None);
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void Readme_DependencyInjectionSnippet_IsTheCompiledSample()
    {
        var root = RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "CallControl.Demo", "DependencyInjectionExample.cs"));
        var region = Regex.Match(sample, @"#region di\r?\n(?<code>.*?)\r?\n\s*#endregion", RegexOptions.Singleline).Groups["code"].Value;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.That(region, Is.Not.Empty);
        Assert.That(readme, Does.Contain(Dedent(region)), "README.md must quote samples/CallControl.Demo/DependencyInjectionExample.cs (#region di) exactly");
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunCli(params string[] args) => RunCli(CancellationToken.None, args);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCli(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DemoCli.RunAsync(args, stdout, stderr, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Dedent(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallControl.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CallControl.Sdk.sln not found above the test directory.");
    }
}

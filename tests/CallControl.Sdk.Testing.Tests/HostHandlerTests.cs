using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// A host's own HTTP handlers (the real Microsoft.Extensions.Http.Resilience ones, and a handler of its own) never make
/// a command go out twice, and the outcome is still told truthfully (docs/resilience.md, "Handlers the host adds").
/// </summary>
[TestFixture]
public sealed class HostHandlerTests
{
    private CallControlSandbox _sandbox = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _sandbox = await CallControlSandbox.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _sandbox.DisposeAsync();

    [SetUp]
    public void SetUp() => _sandbox.Reset();

    /// <summary>How the host adds its handlers: for every client (Aspire's service defaults), or on the SDK's builder.</summary>
    public enum Where
    {
        ConfigureHttpClientDefaults,
        OnTheReturnedBuilder,
    }

    [TestCase(Where.ConfigureHttpClientDefaults)]
    [TestCase(Where.OnTheReturnedBuilder)]
    public async Task StandardResilienceHandler_502OnAMuteTransfer_SentOnceAndOutcomeUnknown(Where where)
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.BadGateway);
        using var host = BuildHost(where, h => h.AddStandardResilienceHandler(FastRetries));
        var client = host.Services.GetRequiredService<CallControlClient>();

        var ex = await Catch.Async<CallControlException>(client.TransferAsync(TransferRequest.Mute(call.Id, "+12223334444")));

        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(Transfers(), Has.Count.EqualTo(1), "the outer retry's resend never reached the server");
        Assert.That(_sandbox.Calls.Single().Id, Is.EqualTo(call.Id), "the 502 was injected: the call is still there, and was not transferred by a resend");
    }

    [TestCase(Where.ConfigureHttpClientDefaults)]
    [TestCase(Where.OnTheReturnedBuilder)]
    public async Task StandardResilienceHandler_ConnectionLostAfterAHold_SentOnceAndOutcomeUnknown(Where where)
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.DropNext(1);
        using var host = BuildHost(where, h => h.AddStandardResilienceHandler(FastRetries));
        var client = host.Services.GetRequiredService<CallControlClient>();

        var ex = await Catch.Async<CallControlException>(client.HoldAsync(new CallRequest(call.Id)));

        Assert.That(ex, Is.Not.InstanceOf<CallControlApiException>(), "not the 409 a resend would have collected");
        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(_sandbox.Requests.Count(r => r.Path.EndsWith("/hold", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(_sandbox.Calls.Single().State, Is.EqualTo(SandboxCallState.Held), "the one send was carried out");
    }

    [TestCase(Where.ConfigureHttpClientDefaults)]
    [TestCase(Where.OnTheReturnedBuilder)]
    public async Task StandardHedgingHandler_SlowTransfer_SentOnceAndTheOriginalAnswerWins(Where where)
    {
        var serverTime = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = serverTime });
        var held = sandbox.AddHeldCall();
        var consult = sandbox.AddConnectedCall();
        sandbox.DelayNext(1, TimeSpan.FromMinutes(1)); // the original is held on the sandbox's clock until the test moves it
        var below = new AttemptObserver();
        var builder = Host.CreateApplicationBuilder();
        void AddHedging(IHttpClientBuilder h) => h.AddStandardHedgingHandler().Configure(o => o.Hedging.Delay = TimeSpan.FromMilliseconds(20));
        if (where == Where.ConfigureHttpClientDefaults)
        {
            builder.Services.ConfigureHttpClientDefaults(AddHedging);
        }

        var sdk = builder.Services.AddCallControlClient(o =>
        {
            o.AccessToken = sandbox.AccessToken;
            o.BaseAddress = sandbox.BaseAddress;
        });
        if (where == Where.OnTheReturnedBuilder)
        {
            AddHedging(sdk);
        }

        sdk.AddHttpMessageHandler(() => below); // under the hedging handler: sees the original and the hedged copy
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<CallControlClient>();

        var transfer = client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));
        await serverTime.WaitForTimersAsync(1);
        await Eventually.TrueAsync(() => below.Entered == 2, "the hedging handler to send its copy");
        serverTime.Advance(TimeSpan.FromMinutes(1));
        var result = await transfer;
        await Eventually.TrueAsync(() => below.Completed == 2, "both attempts to end");

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(below.Answered, Is.EqualTo(1), "only the original got an answer from the server; the copy was held back and never sent");
        Assert.That(sandbox.Requests.Count(r => r.Path.EndsWith("/transfer", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task StandardHedgingHandler_502_SentOnceAndOutcomeUnknown()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.BadGateway);
        using var host = BuildHost(Where.ConfigureHttpClientDefaults, h => h.AddStandardHedgingHandler().Configure(o => o.Hedging.Delay = TimeSpan.FromMilliseconds(20)));
        var client = host.Services.GetRequiredService<CallControlClient>();

        var ex = await Catch.Async<CallControlException>(client.TransferAsync(TransferRequest.Mute(call.Id, "+12223334444")));

        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(Transfers(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task OwnHandlerSendingTwice_SecondSendRefusedAndOutcomeUnknown()
    {
        var held = _sandbox.AddHeldCall();
        var consult = _sandbox.AddConnectedCall();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient(o => Configure(o)).AddHttpMessageHandler(() => new SendsTwice());
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<CallControlClient>();

        var ex = await Catch.Async<CallControlException>(client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id)));

        Assert.That(ex.OutcomeUnknown, Is.True, "the first send succeeded, though its answer was thrown away by the handler");
        Assert.That(ex.Message, Does.Contain("second time"));
        Assert.That(Transfers(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StandardResilienceHandler_StillRetriesQueries()
    {
        _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.InternalServerError);
        using var host = BuildHost(Where.ConfigureHttpClientDefaults, h => h.AddStandardResilienceHandler(FastRetries), o => o.Retry.MaxRetryAttempts = 0);
        var client = host.Services.GetRequiredService<CallControlClient>();

        var calls = await client.ListCallsAsync();

        Assert.That(calls, Has.Count.EqualTo(1));
        Assert.That(_sandbox.Requests.Count(r => r.Method == "GET"), Is.EqualTo(2), "a GET changes nothing: the outer handler may resend it");
    }

    [Test]
    public async Task StandardResilienceHandler_429_TheSdkRetriesAndTheCommandIsCarriedOutOnce()
    {
        var held = _sandbox.AddHeldCall();
        var consult = _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "0");
        using var host = BuildHost(Where.ConfigureHttpClientDefaults, h => h.AddStandardResilienceHandler(FastRetries));
        var client = host.Services.GetRequiredService<CallControlClient>();

        var result = await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Transfers().Select(r => r.StatusCode), Is.EqualTo(new[] { 429, 204 }), "one send per decision of the SDK: the outer resend was refused, the SDK's own retry went");
    }

    private static void FastRetries(HttpStandardResilienceOptions o)
    {
        // The standard handler as the host registers it, with a short delay only so the test does not wait 2 s of real time.
        o.Retry.Delay = TimeSpan.FromMilliseconds(1);
        o.Retry.UseJitter = false;
    }

    private List<SandboxRequest> Transfers() => _sandbox.Requests.Where(r => r.Path.EndsWith("/transfer", StringComparison.Ordinal)).ToList();

    private void Configure(CallControlClientOptions o)
    {
        o.AccessToken = _sandbox.AccessToken;
        o.BaseAddress = _sandbox.BaseAddress;
    }

    private IHost BuildHost(Where where, Action<IHttpClientBuilder> addHandlers, Action<CallControlClientOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (where == Where.ConfigureHttpClientDefaults)
        {
            builder.Services.ConfigureHttpClientDefaults(addHandlers);
        }

        var client = builder.Services.AddCallControlClient(o =>
        {
            Configure(o);
            configure?.Invoke(o);
        });
        if (where == Where.OnTheReturnedBuilder)
        {
            addHandlers(client);
        }

        return builder.Build();
    }

    /// <summary>A handler of the host's own that sends every request twice and returns the second answer.</summary>
    private sealed class SendsTwice : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Counts the attempts that pass it, and how many came back with an answer from below.</summary>
    private sealed class AttemptObserver : DelegatingHandler
    {
        private int _entered;
        private int _completed;
        private int _answered;

        internal int Entered => Volatile.Read(ref _entered);

        internal int Completed => Volatile.Read(ref _completed);

        internal int Answered => Volatile.Read(ref _answered);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                Interlocked.Increment(ref _answered);
                return response;
            }
            finally
            {
                Interlocked.Increment(ref _completed);
            }
        }
    }
}

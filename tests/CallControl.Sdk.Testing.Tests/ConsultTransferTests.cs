using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// <see cref="CallControlClient.ConsultTransferAsync"/> against the sandbox, whose dialled destinations alert and then
/// answer, never answer, or are busy (<see cref="CallControlSandbox.SetDestination"/>).
/// </summary>
[TestFixture]
public sealed class ConsultTransferTests : SandboxFixture
{
    private const string Colleague = "+14085550177";
    private const string Secret = "consult-secret-5c1d";

    [Test]
    public async Task AColleagueWhoAnswersAfterAWhile_GetsTheCaller_HoldDialReadsTransferInThatOrder()
    {
        var caller = _sandbox.AddConnectedCall();
        _sandbox.SetDestination(Colleague, new SandboxDestination { AnswerAfter = TimeSpan.FromMilliseconds(400) });
        using var client = _sandbox.CreateClient();

        var result = await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { PollInterval = TimeSpan.FromMilliseconds(100) }).WaitAsync(TimeSpan.FromSeconds(30));

        var paths = _sandbox.Requests.Select(r => r.Method + " " + r.Path.Split('/').Last()).ToList();
        Assert.That(paths.First(), Is.EqualTo("POST hold"));
        Assert.That(paths[1], Is.EqualTo("POST dial"));
        Assert.That(paths.Last(), Is.EqualTo("POST transfer"));
        Assert.That(paths.Skip(2).SkipLast(1), Is.Not.Empty.And.All.StartWith("GET "), "it read the consult call while it alerted");
        Assert.That(_sandbox.Calls, Is.Empty, "the caller and the colleague were joined and left the user");
        Assert.That(result.ConsultCallId, Is.Not.Empty);
        Assert.That(result.Transfer.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task EveryLostEvent_IsCoveredByReadingTheCall_TheTransferStillCompletes()
    {
        var tracker = new CallEventTracker();
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, (e, _) =>
        {
            tracker.Apply(e);
            return Task.CompletedTask;
        });
        using var client = _sandbox.CreateClient();
        await client.EnsureCallWebhookAsync(new CallWebhookRequest("consult", receiver.Target) { Secret = Secret });
        var caller = _sandbox.AddConnectedCall();
        _sandbox.SetDestination(Colleague, new SandboxDestination { AnswerAfter = TimeSpan.FromMilliseconds(300) });
        _sandbox.InjectDeliveryFault(SandboxDeliveryFault.Drop, count: 100);

        var result = await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { Tracker = tracker, PollInterval = TimeSpan.FromMilliseconds(200) }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Transfer.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_sandbox.Calls, Is.Empty);
    }

    [Test]
    public async Task InAnAppWithANamedClientAndTheReceiver_TheWebhookIsEnsuredOnce_AndTheConsultTransferCompletes()
    {
        var tracker = new CallEventTracker();
        await using var receiver = await LoopbackReceiver.StartAsync(
            Secret,
            (e, _) =>
            {
                tracker.Apply(e);
                return Task.CompletedTask;
            },
            configureServices: services => services.AddCallControlClient("reception", o =>
            {
                o.AccessToken = _sandbox.AccessToken;
                o.BaseAddress = _sandbox.BaseAddress;
            }));
        var client = receiver.App.Services.GetRequiredService<ICallControlClientFactory>().CreateClient("reception");
        await client.EnsureCallWebhookAsync(new CallWebhookRequest("reception", receiver.Target) { Secret = Secret });
        await client.EnsureCallWebhookAsync(new CallWebhookRequest("reception", receiver.Target) { Secret = Secret }); // the app restarted
        var caller = _sandbox.AddConnectedCall();
        _sandbox.SetDestination(Colleague, new SandboxDestination { AnswerAfter = TimeSpan.FromMilliseconds(300) });

        var result = await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { Tracker = tracker }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(_sandbox.Webhooks, Has.Count.EqualTo(1));
        Assert.That(result.Transfer.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await tracker.WaitForStateAsync(result.ConsultCallId, CallState.Disconnected).WaitAsync(TimeSpan.FromSeconds(10)), Is.Not.Null, "the tracker saw the whole flow");
        Assert.That(_sandbox.Requests.Count(r => r.Method == "GET" && r.Path.Contains(result.ConsultCallId, StringComparison.Ordinal)), Is.LessThanOrEqualTo(2), "the answer came from its event, not from reading the call every interval");
    }

    [Test]
    public async Task AColleagueWhoNeverAnswers_IsHungUp_AndTheCallerTakenOffHold_AtTheAnswerTimeout()
    {
        var caller = _sandbox.AddConnectedCall();
        _sandbox.SetDestination(Colleague, new SandboxDestination { NeverAnswers = true });
        using var client = _sandbox.CreateClient();

        var ex = await Catch.Async<ConsultTransferException>(client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { AnswerTimeout = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(200) }).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That((ex.Stage, ex.CallerRestored, ex.OutcomeUnknown), Is.EqualTo((ConsultTransferStage.Answer, true, false)));
        Assert.That(ex.Message, Does.Contain("not answered within 1 s").And.Contain("the caller is connected again"));
        Assert.That(_sandbox.Calls.Single().Id, Is.EqualTo(caller.Id), "the consult call was hung up");
        Assert.That(_sandbox.Calls.Single().State, Is.EqualTo(SandboxCallState.Connected));
    }

    [Test]
    public async Task ABusyColleague_StopsAtTheAnswer_WithTheCallerBack()
    {
        var caller = _sandbox.AddConnectedCall();
        _sandbox.SetDestination(Colleague, new SandboxDestination { Busy = true });
        using var client = _sandbox.CreateClient();

        var ex = await Catch.Async<ConsultTransferException>(client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { PollInterval = TimeSpan.FromMilliseconds(100) }).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That((ex.Stage, ex.CallerRestored), Is.EqualTo((ConsultTransferStage.Answer, true)));
        Assert.That(ex.Message, Does.Contain("busy or rejected"));
        Assert.That(_sandbox.Calls.Single().State, Is.EqualTo(SandboxCallState.Connected));
    }

    [Test]
    public async Task ATransferRefusedBeforeActing_RestoresTheCaller_AndHangsUpTheConsult()
    {
        var caller = _sandbox.AddConnectedCall();
        using var client = ClientFaultingTheTransfer(s => s.FailNext(1, HttpStatusCode.Conflict));

        var ex = await Catch.Async<ConsultTransferException>(client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague)));

        Assert.That((ex.Stage, ex.CallerRestored, ex.OutcomeUnknown), Is.EqualTo((ConsultTransferStage.Transfer, true, false)));
        Assert.That(((CallControlApiException)ex.InnerException!).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(_sandbox.Calls.Single().Id, Is.EqualTo(caller.Id));
        Assert.That(_sandbox.Calls.Single().State, Is.EqualTo(SandboxCallState.Connected));
    }

    [Test]
    public async Task ATransferWhoseAnswerIsLostAfterActing_IsResolvedCarriedOut_AndNotRepeated()
    {
        var caller = _sandbox.AddConnectedCall();
        using var client = ClientFaultingTheTransfer(s => s.FailNextAfterActing(1, HttpStatusCode.GatewayTimeout));

        var result = await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague));

        Assert.That(_sandbox.Calls, Is.Empty, "transferred");
        Assert.That(_sandbox.Requests.Count(r => r.Path.EndsWith("/transfer", StringComparison.Ordinal)), Is.EqualTo(1), "never sent twice");
        Assert.That(result.Transfer.Kind, Is.EqualTo(TransferKind.Attended));
    }

    [Test]
    public async Task AnInvalidConsultNumber_IsRefusedBeforeTheCallerIsHeld()
    {
        var caller = _sandbox.AddConnectedCall();

        Assert.Throws<CallControlRequestValidationException>(() => _ = new ConsultTransferRequest(caller.Id, "call my colleague please"));
        Assert.Throws<CallControlRequestValidationException>(() => _ = new ConsultTransferRequest(caller.Id, Colleague) { AnswerTimeout = TimeSpan.Zero });
        Assert.That(_sandbox.Requests, Is.Empty);
    }

    /// <summary>A client whose HttpClient arms <paramref name="arm"/> on the sandbox just before the transfer goes out, so the fault hits the transfer only.</summary>
    private CallControlClient ClientFaultingTheTransfer(Action<CallControlSandbox> arm)
    {
        var options = _sandbox.CreateClientOptions();
        options.OutcomeSettleTime = TimeSpan.Zero;
        return new CallControlClient(new HttpClient(new BeforeTransfer(() => arm(_sandbox))) { BaseAddress = _sandbox.BaseAddress }, options);
    }

    private sealed class BeforeTransfer(Action arm) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/transfer", StringComparison.Ordinal))
            {
                arm();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

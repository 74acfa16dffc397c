using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// One catch clause for every unknown outcome, as the README writes it, against the sandbox: a connection dropped after
/// the command was carried out, and the caller's cancellation while the command was on the wire (an
/// OperationCanceledException, not a CallControlException). A refusal that proves nothing happened passes it by.
/// </summary>
[TestFixture]
public sealed class UnknownOutcomeCatchTests : SandboxFixture
{
    [Test]
    public async Task ADroppedConnection_IsCaughtByTheOneClause()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.DropNext(1);
        using var client = _sandbox.CreateClient();

        var caught = await CatchUnknownAsync(() => client.HoldAsync(new CallRequest(call.Id)));

        Assert.That(caught, Is.InstanceOf<CallControlException>());
        Assert.That((caught!.OutcomeUnknown, caught.Attempts, caught.TrackingId), Is.EqualTo((true, 1, _sandbox.Requests.Single().Headers["TrackingID"])));
    }

    [Test]
    public async Task ACancellationWhileTheCommandIsOnTheWire_IsCaughtByTheOneClause()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.DelayNext(1, TimeSpan.FromMinutes(5));
        var onTheWire = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        using var http = new HttpClient(new Signal(onTheWire)) { BaseAddress = _sandbox.BaseAddress };
        using var client = new CallControlClient(http, _sandbox.CreateClientOptions());

        var hold = CatchUnknownAsync(() => client.HoldAsync(new CallRequest(call.Id), cancel.Token));
        await onTheWire.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        var caught = await hold.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(caught, Is.InstanceOf<CallControlOperationCanceledException>(), "an OperationCanceledException, caught by the same clause");
        Assert.That((caught!.OutcomeUnknown, caught.Attempts), Is.EqualTo((true, 1)));
    }

    /// <summary>
    /// The command takes effect when it arrives and only its answer is late, as on Webex: a client that gives up gets
    /// an unknown outcome for a command that did happen ("cancelled, but it happened").
    /// </summary>
    [Test]
    public async Task ACommandWhoseAnswerIsLate_HasHappened_AndTheClientThatGivesUpLearnsTheOutcomeIsUnknown()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.DelayNext(1, TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();
        using var client = _sandbox.CreateClient();

        var hold = CatchUnknownAsync(() => client.HoldAsync(new CallRequest(call.Id), cancel.Token));
        await Eventually.TrueAsync(() => _sandbox.Calls.Single().State == SandboxCallState.Held, "the hold to take effect while its answer is held back");
        await cancel.CancelAsync();
        var caught = await hold.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(caught, Is.InstanceOf<CallControlOperationCanceledException>());
        Assert.That((caught!.OutcomeUnknown, caught.Attempts), Is.EqualTo((true, 1)));
    }

    [Test]
    public async Task ARefusalThatProvesNothingHappened_IsNotCaughtByTheClause()
    {
        using var client = _sandbox.CreateClient();

        var refused = await Assert.ThrowsAsync<CallControlApiException>(() => CatchUnknownAsync(() => client.HoldAsync(new CallRequest("no-such-call"))));

        Assert.That(refused, Is.InstanceOf<ICallControlFailure>());
        Assert.That((refused!.StatusCode, ((ICallControlFailure)refused).OutcomeUnknown), Is.EqualTo((HttpStatusCode.NotFound, false)));
    }

    /// <summary>The README's clause: returns the failure it caught, or null when the command succeeded.</summary>
    private static async Task<ICallControlFailure?> CatchUnknownAsync(Func<Task> command)
    {
        try
        {
            await command();
            return null;
        }
        catch (Exception e) when (e is ICallControlFailure { OutcomeUnknown: true } failure)
        {
            return failure;
        }
    }

    /// <summary>Signals once the request has been handed on toward the sandbox.</summary>
    private sealed class Signal(TaskCompletionSource onTheWire) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sending = base.SendAsync(request, cancellationToken);
            onTheWire.TrySetResult();
            return sending;
        }
    }
}

using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// <see cref="CallControlClient.ResolveOutcomeAsync"/> against the sandbox: every rule of docs/outcomes.md under the
/// faults that leave an outcome unknown, with the sandbox's own record of what it carried out as the truth.
/// </summary>
[TestFixture]
public sealed class OutcomeResolutionTests : SandboxFixture
{
    private static readonly string[] Commands = ["hold", "resume", "hangup", "answer", "reject", "transfer", "startRecording", "mute", "divert"];

    private enum Fault
    {
        /// <summary>Carried out, then the connection dropped: the answer is lost.</summary>
        CarriedOutAnswerLost,

        /// <summary>Carried out, then a 500, 502 or 504.</summary>
        CarriedOutThen5xx,

        /// <summary>Not carried out, answered 500, 502 or 504 (the client cannot tell this from the one above).</summary>
        NotCarriedOut5xx,

        /// <summary>Refused with a 409 before acting: the outcome is known.</summary>
        Refused409,

        /// <summary>Carried out on arrival, its answer held; the caller cancels while waiting for it.</summary>
        CarriedOutThenCallerCancelled,
    }

    /// <summary>
    /// A random schedule of commands and faults, 1,200 cases: the resolution is never CarriedOut when the command was
    /// not carried out, nor NotCarriedOut when it was. Prints the Unknown rate per command.
    /// </summary>
    [Test]
    public async Task OverRandomFaultSchedules_NeverCarriedOutWhenItWasNot_NeverNotCarriedOutWhenItWas()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        using var client = _sandbox.CreateClient(o => o.OutcomeSettleTime = TimeSpan.Zero);
        var tally = Commands.ToDictionary(c => c, _ => (Cases: 0, Unknown: 0));
        for (var i = 0; i < 1200; i++)
        {
            _sandbox.Reset();
            var command = Commands[random.Next(Commands.Length)];
            var fault = (Fault)random.Next(5);
            var status = new[] { HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.GatewayTimeout }[random.Next(3)];
            using var cancel = new CancellationTokenSource();
            var (send, happened) = Seed(client, command, cancel.Token);
            switch (fault)
            {
                case Fault.CarriedOutAnswerLost:
                    _sandbox.DropNext(1);
                    break;
                case Fault.CarriedOutThen5xx:
                    _sandbox.FailNextAfterActing(1, status);
                    break;
                case Fault.NotCarriedOut5xx:
                    _sandbox.FailNext(1, status);
                    break;
                case Fault.Refused409:
                    _sandbox.FailNext(1, HttpStatusCode.Conflict);
                    break;
                default:
                    _sandbox.DelayNext(1, TimeSpan.FromMinutes(5));
                    break;
            }

            var sending = send();
            if (fault == Fault.CarriedOutThenCallerCancelled)
            {
                await Eventually.TrueAsync(happened, $"the sandbox to carry out {command}");
                await cancel.CancelAsync();
            }

            var failure = await Catch.Async<Exception>(sending);
            var resolution = await client.ResolveOutcomeAsync(failure);
            var carriedOut = fault is Fault.CarriedOutAnswerLost or Fault.CarriedOutThen5xx or Fault.CarriedOutThenCallerCancelled;
            var what = $"case {i} (seed {seed}): {command} with {fault} resolved {resolution}";
            Assert.That(resolution.Outcome, Is.Not.EqualTo(carriedOut ? CommandOutcome.NotCarriedOut : CommandOutcome.CarriedOut), what);
            Assert.That(resolution.Command, Is.EqualTo(command), what);
            var (cases, unknown) = tally[command];
            tally[command] = (cases + 1, unknown + (resolution.Outcome == CommandOutcome.Unknown ? 1 : 0));
        }

        foreach (var (command, (cases, unknown)) in tally)
        {
            await TestContext.Out.WriteLineAsync($"{command}: {unknown} of {cases} Unknown ({100.0 * unknown / Math.Max(1, cases):0}%)");
        }

        Assert.Multiple(() =>
        {
            foreach (var command in new[] { "hold", "resume", "hangup", "transfer" })
            {
                Assert.That(tally[command].Unknown, Is.LessThanOrEqualTo(tally[command].Cases / 4), $"{command} is decided in at least three cases of four on calls nothing else touches");
            }
        });
    }

    [Test]
    public async Task ACommandCancelledOnTheWire_ThatHappened_ResolvesCarriedOut()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.DelayNext(1, TimeSpan.FromMinutes(5));
        using var client = _sandbox.CreateClient(o => o.OutcomeSettleTime = TimeSpan.Zero);
        using var cancel = new CancellationTokenSource();

        var hold = Catch.Async<CallControlOperationCanceledException>(client.HoldAsync(new CallRequest(call.Id), cancel.Token));
        await Eventually.TrueAsync(() => _sandbox.Calls.Single().State == SandboxCallState.Held, "the sandbox to carry the hold out");
        await cancel.CancelAsync();
        var resolution = await client.ResolveOutcomeAsync(await hold);

        Assert.That(resolution.Outcome, Is.EqualTo(CommandOutcome.CarriedOut));
        Assert.That(resolution.Evidence, Is.EqualTo($"call {call.Id} is held"));
    }

    [Test]
    public async Task AKnownOutcome_IsNotCarriedOutAtOnce_ReadingNothing()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.Conflict);
        using var client = _sandbox.CreateClient();
        var failure = await Catch.Async<CallControlApiException>(client.HoldAsync(new CallRequest(call.Id)));

        var resolution = await client.ResolveOutcomeAsync(failure);

        Assert.That((resolution.Outcome, resolution.Evidence), Is.EqualTo((CommandOutcome.NotCarriedOut, "the failure says hold was not carried out (Webex refused it); nothing was read")));
        Assert.That(_sandbox.Requests, Has.Count.EqualTo(1), "only the hold itself");
    }

    [Test]
    public async Task TheCallsAreRead_NoSoonerThanTheSettleTimeAfterTheFailure_AndOnlyRead()
    {
        var call = _sandbox.AddConnectedCall();
        _sandbox.FailNextAfterActing(1, HttpStatusCode.GatewayTimeout);
        using var client = _sandbox.CreateClient(o => o.OutcomeSettleTime = TimeSpan.FromMilliseconds(300));
        var failure = await Catch.Async<CallControlApiException>(client.HangupAsync(new CallRequest(call.Id)));

        var resolution = await client.ResolveOutcomeAsync(failure);

        var requests = _sandbox.Requests;
        Assert.That(resolution.Outcome, Is.EqualTo(CommandOutcome.CarriedOut));
        Assert.That(requests.Skip(1).Select(r => r.Method), Is.All.EqualTo("GET"), "it never sends a command");
        Assert.That(requests[1].ReceivedAt - requests[0].ReceivedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public async Task AFailureThatIsNotThisClientsCommand_IsRefusedWithTheReason()
    {
        using var client = _sandbox.CreateClient();
        using var other = _sandbox.CreateClient();
        _sandbox.DropNext(1);
        var othersFailure = await Catch.Async<CallControlException>(other.HoldAsync(new CallRequest(_sandbox.AddConnectedCall().Id)));

        var fromOther = await Assert.ThrowsAsync<ArgumentException>(() => client.ResolveOutcomeAsync(othersFailure));
        var notACommand = await Assert.ThrowsAsync<ArgumentException>(() => client.ResolveOutcomeAsync(new InvalidOperationException("x")));

        Assert.That(fromOther!.Message, Does.Contain("another CallControlClient"));
        Assert.That(notACommand!.Message, Does.Contain("did not come from a call command"));
    }

    [Test]
    public async Task WithResolveAndResend_AHoldThatDidNotHappen_IsSentOnceMore_AndOneThatDid_IsASuccess()
    {
        var first = _sandbox.AddConnectedCall();
        var second = _sandbox.AddConnectedCall("+14085550111");
        using var client = _sandbox.CreateClient(o =>
        {
            o.OutcomeSettleTime = TimeSpan.Zero;
            o.Retry.ResolveAndResend = true;
        });

        _sandbox.FailNext(1, HttpStatusCode.BadGateway);              // refused without acting: unknown to the client
        var resent = await client.HoldAsync(new CallRequest(first.Id));
        _sandbox.FailNextAfterActing(1, HttpStatusCode.GatewayTimeout); // carried out, then a 504
        var resolved = await client.HoldAsync(new CallRequest(second.Id));

        var holds = _sandbox.Requests.Where(r => r.Path.EndsWith("/hold", StringComparison.Ordinal)).ToList();
        Assert.That(holds, Has.Count.EqualTo(3), "the first hold twice (it had not happened), the second once");
        Assert.That(_sandbox.Calls.Select(c => c.State), Is.All.EqualTo(SandboxCallState.Held));
        Assert.That((resent.StatusCode, resolved.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent)));
        Assert.That(resolved.TrackingId, Is.EqualTo(holds[2].Headers["TrackingID"]), "the answer stands for the attempt that acted");
    }

    [Test]
    public async Task WithResolveAndResend_ADialIsNeverResent_ItsUnknownOutcomeIsThrown()
    {
        using var client = _sandbox.CreateClient(o =>
        {
            o.OutcomeSettleTime = TimeSpan.Zero;
            o.Retry.ResolveAndResend = true;
        });
        _sandbox.FailNext(1, HttpStatusCode.BadGateway);

        var ex = await Catch.Async<CallControlApiException>(client.DialAsync(new DialRequest("+14085550123")));

        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(_sandbox.Requests, Has.Count.EqualTo(1), "no rule can prove a dial did not happen");
    }

    /// <summary>Seeds the calls the command needs; returns the command to send and how to see, in the sandbox itself, that it happened.</summary>
    private (Func<Task> Send, Func<bool> Happened) Seed(CallControlClient client, string command, CancellationToken token = default)
    {
        bool Gone(string id) => _sandbox.Calls.All(c => c.Id != id);
        SandboxCall? Call(string id) => _sandbox.Calls.FirstOrDefault(c => c.Id == id);
        switch (command)
        {
            case "resume":
                var held = _sandbox.AddHeldCall();
                return (() => client.ResumeAsync(new CallRequest(held.Id), token), () => Call(held.Id)?.State == SandboxCallState.Connected);
            case "answer" or "reject" or "divert":
                var ringing = _sandbox.AddIncomingUnansweredCall();
                return command switch
                {
                    "answer" => (() => client.AnswerAsync(new AnswerRequest(ringing.Id), token), () => Call(ringing.Id)?.State == SandboxCallState.Connected),
                    "reject" => (() => client.RejectAsync(new RejectRequest(ringing.Id), token), () => Gone(ringing.Id)),
                    _ => (() => client.DivertAsync(DivertRequest.ToDestination(ringing.Id, "+14085550199"), token), () => Gone(ringing.Id)),
                };
            case "transfer":
                var first = _sandbox.AddConnectedCall();
                var second = _sandbox.AddHeldCall();
                return (() => client.TransferAsync(TransferRequest.Attended(second.Id, first.Id), token), () => Gone(first.Id) && Gone(second.Id));
            default:
                var connected = _sandbox.AddConnectedCall();
                return command switch
                {
                    "hold" => (() => client.HoldAsync(new CallRequest(connected.Id), token), () => Call(connected.Id)?.State == SandboxCallState.Held),
                    "hangup" => (() => client.HangupAsync(new CallRequest(connected.Id), token), () => Gone(connected.Id)),
                    "startRecording" => (() => client.StartRecordingAsync(new CallRequest(connected.Id), token), () => Call(connected.Id)?.RecordingState == RecordingState.Started),
                    _ => (() => client.MuteAsync(new CallRequest(connected.Id), token), () => Call(connected.Id)?.Muted == true),
                };
        }
    }
}

using System.Diagnostics;
using System.Net;
using CallControl.Sdk;
using CallControl.Sdk.Testing;

namespace CallControl.Demo;

/// <summary>The README's first command: every kind of transfer, the interesting failures and the everyday commands, against the embedded sandbox.</summary>
public static class SandboxTour
{
    /// <summary>Runs the tour and returns the process exit code (0 when every step behaved as documented).</summary>
    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        using var client = sandbox.CreateClient();
        output.WriteLine($"CallControl.Sdk demo: running against the embedded Webex Call Control sandbox at {sandbox.BaseAddress} (no account needed).");
        output.WriteLine();
        var failures = 0;

        // 1. Attended transfer
        var held = sandbox.AddHeldCall("+14085550101");
        var consult = sandbox.AddConnectedCall("+14085550199", SandboxCallDirection.Outgoing);
        await Step(output, "1. Attended transfer: join the caller on hold with the consultation call", async () =>
        {
            var result = await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));
            return $"{(int)result.StatusCode} {result.StatusCode}; the user's calls left: {sandbox.Calls.Count}; TrackingID {result.TrackingId}";
        });

        // 2. Mute transfer
        var caller = sandbox.AddConnectedCall("+14085550102");
        await Step(output, "2. Mute transfer of a connected caller to tel:+12223334444 (completes when the destination answers)", async () =>
        {
            var result = await client.TransferAsync(TransferRequest.Mute(caller.Id, "tel:+12223334444"));
            return $"{(int)result.StatusCode} {result.StatusCode}; new call {Short(result.CallId)}, session {Short(result.CallSessionId)}";
        });

        // 3. Automatic transfer
        sandbox.AddConnectedCall("+14085550103");
        sandbox.AddHeldCall("+14085550104");
        await Step(output, "3. Automatic transfer: the user has exactly two calls, Webex picks them", async () =>
        {
            var result = await client.TransferAsync(TransferRequest.Automatic());
            return $"{(int)result.StatusCode} {result.StatusCode}; calls left: {sandbox.Calls.Count}";
        });

        // 4. Rate limited, waited out
        var a = sandbox.AddHeldCall();
        var b = sandbox.AddConnectedCall();
        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "2");
        await Step(output, "4. Rate limited: the sandbox answers 429 with Retry-After: 2, and the SDK waits it out", async () =>
        {
            var before = sandbox.Requests.Count;
            var watch = Stopwatch.StartNew();
            var result = await client.TransferAsync(TransferRequest.Attended(a.Id, b.Id));
            return $"waited {watch.Elapsed.TotalSeconds:0.0} s, then {(int)result.StatusCode} {result.StatusCode} ({sandbox.Requests.Count - before} requests sent, one retry)";
        });

        // 5. Rejected client-side
        await Step(output, "5. Rejected before sending: callId2 and destination together are ambiguous", () =>
        {
            var before = sandbox.Requests.Count;
            try
            {
                TransferRequest.CreateBuilder().WithCallId1("call-1").WithCallId2("call-2").WithDestination("222-333-4444").Build();
                failures++;
                return Task.FromResult("unexpectedly accepted");
            }
            catch (TransferRequestValidationException ex)
            {
                return Task.FromResult($"{ex.Violations.Count} problems, {sandbox.Requests.Count - before} requests sent:{Environment.NewLine}      - {string.Join($"{Environment.NewLine}      - ", ex.Violations)}");
            }
        });

        // 6. Unanswered incoming call
        var ringing = sandbox.AddIncomingUnansweredCall("+14085550105");
        await Step(output, "6. An unanswered incoming call cannot be transferred", async () =>
        {
            try
            {
                await client.TransferAsync(TransferRequest.Mute(ringing.Id, "1234"));
                failures++;
                return "unexpectedly transferred";
            }
            catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                return $"{(int)ex.StatusCode} {ex.StatusCode}, OutcomeUnknown={ex.OutcomeUnknown}:{Environment.NewLine}      {ex.Message}";
            }
        });

        // 7. Divert the ringing call instead, after finding it in the call list
        await Step(output, "7. List the calls, then divert the ringing one to voicemail (what the 409 above advised)", async () =>
        {
            var calls = await client.ListCallsAsync();
            var alerting = calls.Single(c => c.State == CallState.Alerting);
            await client.DivertAsync(DivertRequest.ToOwnVoicemail(alerting.Id));
            return $"{calls.Count} call(s) listed, {alerting.RemoteParty} was {alerting.State}; after the divert: {(await client.ListCallsAsync()).Count} call(s)";
        });

        // 8. Everyday commands on a call the SDK placed
        await Step(output, "8. Dial, hold, resume, send DTMF, hang up; then read the call history", async () =>
        {
            var dialed = await client.DialAsync(new DialRequest("+12223334444"));
            var call = new CallRequest(dialed.CallId!);
            await client.HoldAsync(call);
            var whileHeld = (await client.GetCallAsync(call.CallId)).State;
            await client.ResumeAsync(call);
            await client.TransmitDtmfAsync(new TransmitDtmfRequest(call.CallId, "1,234#"));
            await client.HangupAsync(call);
            var history = await client.GetCallHistoryAsync(CallHistoryType.Placed);
            return $"dialed {Short(dialed.CallId)}, {whileHeld} then resumed, hung up; placed-call history: {history.Count} record(s), latest to {history[0].Number}";
        });

        // 9. Consult, then transfer, as one flow: ConsultTransferAsync never strands the caller on hold
        await Step(output, "9. Consult transfer as one flow: hold the caller, dial the colleague (answers after 0.5 s), wait for its Connected event, transfer", async () =>
        {
            await using var events = await DemoEventReceiver.StartAsync();
            var webhook = await client.EnsureCallWebhookAsync(new CallWebhookRequest("demo", events.Target) { Secret = DemoEventReceiver.Secret });
            sandbox.SetDestination("+14085550177", new SandboxDestination { AnswerAfter = TimeSpan.FromMilliseconds(500) });
            var waiting = sandbox.AddConnectedCall("+14085550123");
            var done = await client.ConsultTransferAsync(new ConsultTransferRequest(waiting.Id, "+14085550177") { Tracker = events.Tracker, AnswerTimeout = TimeSpan.FromSeconds(10) });
            await Task.WhenAll(
                events.Tracker.WaitForStateAsync(waiting.Id, CallState.Disconnected),
                events.Tracker.WaitForStateAsync(done.ConsultCallId, CallState.Disconnected)).WaitAsync(TimeSpan.FromSeconds(10));
            await client.DeleteWebhookAsync(webhook.Id);
            return $"consult {Short(done.ConsultCallId)} answered, transfer {(int)done.Transfer.StatusCode}; events received: {string.Join(", ", events.Received)}";
        });

        output.WriteLine(failures == 0 ? "Done: every step behaved as documented." : $"{failures} step(s) did not behave as documented.");
        return failures == 0 ? 0 : 1;

        async Task Step(TextWriter writer, string title, Func<Task<string>> body)
        {
            writer.WriteLine(title);
            try
            {
                writer.WriteLine("   -> " + await body());
            }
            catch (Exception ex)
            {
                failures++;
                writer.WriteLine($"   !! {ex.GetType().Name}: {ex.Message}");
            }

            writer.WriteLine();
        }
    }

    private static string Short(string? id) => id is null ? "(none)" : id.Length <= 16 ? id : id[..16] + "…";
}

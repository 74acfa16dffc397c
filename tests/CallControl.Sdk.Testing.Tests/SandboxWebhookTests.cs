using System.Collections.Concurrent;
using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// Events end to end: the SDK registers a webhook with the sandbox, the sandbox delivers signed events for its state
/// changes to a real receiver, and a tracker follows the calls; then the delivery faults Webex has.
/// </summary>
[TestFixture]
public sealed class SandboxWebhookTests
{
    private const string Secret = "sandbox-webhook-secret";

    [Test]
    public async Task CommandsOnTheSandbox_AreDeliveredAsSignedEvents_AndTheTrackerFollowsTheCall()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });

        var dialed = await client.DialAsync(new DialRequest("+12223334444"));
        var callId = dialed.CallId!;
        await client.HoldAsync(new CallRequest(callId));
        var held = await receiver.Tracker.WaitForStateAsync(callId, CallState.Held).WaitAsync(TimeSpan.FromSeconds(10));
        await client.ResumeAsync(new CallRequest(callId));
        await client.HangupAsync(new CallRequest(callId));
        await receiver.Tracker.WaitForStateAsync(callId, CallState.Disconnected).WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => sandbox.Deliveries.Count == 4, "the sandbox to record the last answer (the receiver acknowledges before its handler runs)");
        Assert.That(held.Id, Is.EqualTo(callId));
        Assert.That(receiver.Received.Select(e => e.EventType), Is.EqualTo(new[] { CallEventType.Connected, CallEventType.Held, CallEventType.Resumed, CallEventType.Disconnected }));
        Assert.That(sandbox.Deliveries.Select(d => d.StatusCode), Has.All.EqualTo(202), "every delivery was signed right and acknowledged");
    }

    /// <summary>
    /// Two webhooks of one app that match the same call (one left over from an earlier start, say) get copies of one
    /// event, stamped once, as Webex stamps it: the tracker applies it once. The sandbox's clock here moves on every
    /// read, so copies stamped one by one would differ.
    /// </summary>
    [Test]
    public async Task OverlappingWebhooks_GetOneEventStampedOnce_AndTheTrackerAppliesItOnce()
    {
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = new TickingClock() });
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls-again", receiver.Target) { Secret = Secret });
        var call = sandbox.AddConnectedCall();

        await client.HoldAsync(new CallRequest(call.Id));
        await Eventually.TrueAsync(() => receiver.Received.Count(e => e.EventType == CallEventType.Held) == 2, "both webhooks' copies of the hold");

        var copies = receiver.Received.Where(e => e.EventType == CallEventType.Held).ToList();
        Assert.That(copies[0].Timestamp, Is.EqualTo(copies[1].Timestamp), "one event, one timestamp");
        Assert.That(receiver.Applied.Count(applied => applied), Is.EqualTo(receiver.Received.Count / 2), "each event applied once, its copy a duplicate");
    }

    [Test]
    public async Task ASeededCall_AnnouncesItselfToTheWebhooks()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });

        var ringing = sandbox.AddIncomingUnansweredCall();
        var held = sandbox.AddHeldCall();

        Assert.That((await receiver.Tracker.WaitForStateAsync(ringing.Id, CallState.Alerting).WaitAsync(TimeSpan.FromSeconds(10))).Id, Is.EqualTo(ringing.Id));
        Assert.That((await receiver.Tracker.WaitForStateAsync(held.Id, CallState.Held).WaitAsync(TimeSpan.FromSeconds(10))).Id, Is.EqualTo(held.Id));
    }

    [Test]
    public async Task DuplicateAndReorderedDeliveries_AreAbsorbedByTheTracker()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        var call = sandbox.AddConnectedCall();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });

        sandbox.InjectDeliveryFault(SandboxDeliveryFault.Duplicate);  // held, twice
        await client.HoldAsync(new CallRequest(call.Id));
        sandbox.InjectDeliveryFault(SandboxDeliveryFault.Reorder);    // resumed, after the hangup's event
        await client.ResumeAsync(new CallRequest(call.Id));
        await client.HangupAsync(new CallRequest(call.Id));
        await Eventually.TrueAsync(() => receiver.Received.Count == 4, "held twice, disconnected, then the late resumed");

        Assert.That(receiver.Received.Select(e => e.EventType), Is.EqualTo(new[] { CallEventType.Held, CallEventType.Held, CallEventType.Disconnected, CallEventType.Resumed }));
        Assert.That(receiver.Applied, Is.EqualTo(new[] { true, false, true, false }), "the duplicate and the late event change nothing");
        Assert.That(receiver.Tracker.TryGetCall(call.Id, out var last) && last.State == CallState.Disconnected, Is.True);
    }

    [Test]
    public async Task ABadSignatureIsRefused_ADroppedDeliveryNeverArrives()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        var call = sandbox.AddConnectedCall();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });

        sandbox.InjectDeliveryFault(SandboxDeliveryFault.BadSignature);
        await client.HoldAsync(new CallRequest(call.Id));
        sandbox.InjectDeliveryFault(SandboxDeliveryFault.Drop);
        await client.ResumeAsync(new CallRequest(call.Id));
        await client.HangupAsync(new CallRequest(call.Id));
        await receiver.Tracker.WaitForStateAsync(call.Id, CallState.Disconnected).WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => sandbox.Deliveries.Count == 2, "the sandbox to record the last answer (the receiver acknowledges before its handler runs)");
        Assert.That(sandbox.Deliveries.Select(d => (d.EventType, d.StatusCode)), Is.EqualTo(new[] { ("held", 401), ("disconnected", 202) }));
        Assert.That(receiver.Received.Select(e => e.EventType), Is.EqualTo(new[] { CallEventType.Disconnected }));
    }

    [Test]
    public async Task ATargetThatKeepsFailing_IsSetInactive_AndCanBeReactivated()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        using var client = sandbox.CreateClient();
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var webhook = await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", new Uri($"http://127.0.0.1:{deadPort}/hooks")));

        for (var i = 0; i < CallControlSandbox.FailuresBeforeInactive; i++)
        {
            sandbox.AddConnectedCall(); // one event each: the call announces itself
        }

        await Eventually.TrueAsync(() => sandbox.Deliveries.Count == CallControlSandbox.FailuresBeforeInactive, "five failed deliveries");
        Assert.That((await client.GetWebhookAsync(webhook.Id)).Status, Is.EqualTo(CallWebhookStatus.Inactive));
        await client.HangupAsync(new CallRequest(sandbox.AddConnectedCall().Id));
        var revived = await client.UpdateWebhookAsync(webhook.Id, new CallWebhookUpdate("calls", new Uri($"http://127.0.0.1:{deadPort}/hooks")) { Reactivate = true });

        Assert.That(revived.Status, Is.EqualTo(CallWebhookStatus.Active));
        Assert.That(sandbox.Deliveries, Has.Count.EqualTo(CallControlSandbox.FailuresBeforeInactive), "nothing is delivered to an inactive webhook");
        Assert.That((await client.ListCallWebhooksAsync()).Single().Id, Is.EqualTo(webhook.Id));
        await client.DeleteWebhookAsync(webhook.Id);
        Assert.That(sandbox.Webhooks, Is.Empty);
    }

    [Test]
    public async Task ADelayedDelivery_WaitsOnTheSandboxsClock()
    {
        var serverTime = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = serverTime });
        await using var receiver = await EventReceiver.StartAsync();
        using var client = sandbox.CreateClient();
        var call = sandbox.AddConnectedCall();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", receiver.Target) { Secret = Secret });
        sandbox.InjectDeliveryFault(SandboxDeliveryFault.Delay, delay: TimeSpan.FromSeconds(30));

        await client.HoldAsync(new CallRequest(call.Id));
        await serverTime.WaitForTimersAsync(1); // the delivery waits on the sandbox's clock
        Assert.That(receiver.Received, Is.Empty, "its timer has not fired: it cannot have been sent");
        serverTime.Advance(TimeSpan.FromSeconds(30));

        var held = await receiver.Tracker.WaitForStateAsync(call.Id, CallState.Held).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(held.Id, Is.EqualTo(call.Id));
    }

    [Test]
    public async Task TheWebhooksSample_ReceivesTheSandboxsEvents_AndShowsTheCall()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var app = CallControl.Webhooks.WebhooksApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["Webex:WebhookSecret"] = Secret;
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First().TrimEnd('/') + "/");
        using var client = sandbox.CreateClient();
        await client.CreateCallWebhookAsync(new CallWebhookRequest("sample", new Uri(address, "webex/calls")) { Secret = Secret });

        var dialed = await client.DialAsync(new DialRequest("+12223334444"));
        await client.HoldAsync(new CallRequest(dialed.CallId!));
        await app.Services.GetRequiredService<CallEventTracker>().WaitForStateAsync(dialed.CallId!, CallState.Held).WaitAsync(TimeSpan.FromSeconds(10));
        using var http = new HttpClient { BaseAddress = address };

        Assert.That(await http.GetStringAsync($"calls/{dialed.CallId}"), Is.EqualTo($"{dialed.CallId} Held"));
        Assert.That((await http.GetAsync("calls/unknown")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await app.StopAsync();
    }

    /// <summary>A clock a millisecond later at every read.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(Interlocked.Increment(ref _reads));
    }

    /// <summary>A loopback receiver whose handler applies events to a tracker and records what arrived and what Apply said.</summary>
    private sealed class EventReceiver : IAsyncDisposable
    {
        private LoopbackReceiver _receiver = null!;

        public Uri Target => _receiver.Target;

        public CallEventTracker Tracker { get; } = new();

        public ConcurrentQueue<CallEvent> Received { get; } = new();

        public ConcurrentQueue<bool> Applied { get; } = new();

        public static async Task<EventReceiver> StartAsync()
        {
            var self = new EventReceiver();
            self._receiver = await LoopbackReceiver.StartAsync(Secret, (e, _) =>
            {
                self.Received.Enqueue(e);
                self.Applied.Enqueue(self.Tracker.Apply(e));
                return Task.CompletedTask;
            });
            return self;
        }

        public ValueTask DisposeAsync() => _receiver.DisposeAsync();
    }
}

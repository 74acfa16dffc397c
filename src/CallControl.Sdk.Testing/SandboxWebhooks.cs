using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The webhooks API (/v1/webhooks) and the deliveries of call events: every state change the sandbox makes to its
/// calls (a call added, answered, held, resumed, recorded or ended, whatever the command) is POSTed, as Webex would,
/// to each active webhook whose event and filter match, signed with its secret, over real HTTP, one at a time in order.
/// </summary>
internal sealed partial class SandboxWebhooks(TimeProvider time) : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<SandboxWebhook> _webhooks = [];
    private readonly List<SandboxDelivery> _deliveries = [];
    private readonly Queue<(SandboxDeliveryFault Fault, TimeSpan Delay)> _deliveryFaults = new();
    private readonly Channel<PendingDelivery> _outbox = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _sender = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
    private Task? _deliveryLoop;
    private int _webhookSequence;

    internal IReadOnlyList<SandboxWebhook> Webhooks
    {
        get
        {
            lock (_lock)
            {
                return [.. _webhooks];
            }
        }
    }

    internal IReadOnlyList<SandboxDelivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    internal void InjectDeliveryFault(SandboxDeliveryFault fault, int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _deliveryFaults.Enqueue((fault, delay));
            }
        }
    }

    /// <summary>Forgets the webhooks and the queued delivery faults (deliveries already sent stay in the log).</summary>
    internal void Reset()
    {
        lock (_lock)
        {
            _webhooks.Clear();
            _deliveryFaults.Clear();
        }
    }

    /// <summary>Queues the events for what changed between <paramref name="before"/> and <paramref name="after"/>, for every matching webhook.</summary>
    internal void Publish(List<SandboxCall> before, List<SandboxCall> after)
    {
        lock (_lock)
        {
            if (_webhooks.Count == 0)
            {
                return;
            }

            // One event is stamped once, as Webex stamps it: every webhook's copy carries the same eventTimestamp.
            var stamp = time.GetUtcNow();
            foreach (var (call, eventType, generic) in Changes(before, after))
            {
                foreach (var webhook in _webhooks.Where(w => w.Active && Matches(w, call, generic)))
                {
                    var fault = _deliveryFaults.Count > 0 ? _deliveryFaults.Dequeue() : ((SandboxDeliveryFault, TimeSpan)?)null;
                    _outbox.Writer.TryWrite(new PendingDelivery(webhook.Id, call.Id, eventType, EventJson(webhook, call, eventType, generic, stamp), fault));
                }
            }

            _deliveryLoop ??= Task.Run(DeliverAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        if (_deliveryLoop is { } loop)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _sender.Dispose();
    }

    private static IEnumerable<(SandboxCall Call, string EventType, string Generic)> Changes(List<SandboxCall> before, List<SandboxCall> after)
    {
        var old = before.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var call in after)
        {
            if (!old.Remove(call.Id, out var was))
            {
                yield return (call, call.State == SandboxCallState.Alerting ? "alerting" : "connected", "created");
                continue;
            }

            var kind = (was.State, call.State) switch
            {
                (SandboxCallState.Alerting, SandboxCallState.Connected) => "answered",
                (SandboxCallState.Connected, SandboxCallState.Held) => "held",
                (SandboxCallState.Held, SandboxCallState.Connected) => "resumed",
                _ when was.RecordingState != call.RecordingState => "recording",
                _ => null,
            };
            if (kind is not null)
            {
                yield return (call, kind, "updated");
            }
        }

        foreach (var ended in old.Values)
        {
            yield return (ended, "disconnected", "deleted");
        }
    }

    private static bool Matches(SandboxWebhook webhook, SandboxCall call, string generic)
    {
        if (webhook.Event != "all" && webhook.Event != generic)
        {
            return false;
        }

        return webhook.Filter switch
        {
            "personality=terminator" => call.Direction == SandboxCallDirection.Incoming,
            "personality=originator" => call.Direction == SandboxCallDirection.Outgoing,
            _ => true,
        };
    }

    private static string EventJson(SandboxWebhook webhook, SandboxCall call, string eventType, string generic, DateTimeOffset stamp) => SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", webhook.Id);
        w.WriteString("name", webhook.Name);
        w.WriteString("targetUrl", webhook.TargetUrl);
        w.WriteString("resource", "telephony_calls");
        w.WriteString("event", generic);
        w.WriteString("orgId", "sandbox-org");
        w.WriteString("createdBy", "sandbox-user");
        w.WriteString("appId", "sandbox-app");
        w.WriteString("ownedBy", "creator");
        w.WriteString("status", "active");
        w.WriteString("created", webhook.Created.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("actorId", "sandbox-user");
        w.WriteStartObject("data");
        w.WriteString("eventType", eventType);
        w.WriteString("eventTimestamp", stamp.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("callId", call.Id);
        w.WriteString("callSessionId", call.CallSessionId);
        w.WriteString("personality", call.Direction == SandboxCallDirection.Incoming ? "terminator" : "originator");
        w.WriteString("state", eventType == "disconnected" ? "disconnected" : call.State switch
        {
            SandboxCallState.Alerting => "alerting",
            SandboxCallState.Held => "held",
            _ => "connected",
        });
        w.WriteStartObject("remoteParty");
        w.WriteString("number", call.RemoteParty);
        w.WriteBoolean("privacyEnabled", false);
        w.WriteString("callType", "external");
        w.WriteEndObject();
        w.WriteString("created", call.Created.ToString("O", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private async Task DeliverAsync()
    {
        PendingDelivery? heldBack = null;
        await foreach (var delivery in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (delivery.Fault?.Fault)
            {
                case SandboxDeliveryFault.Drop:
                    continue;
                case SandboxDeliveryFault.Reorder when heldBack is null:
                    heldBack = delivery;
                    continue;
                case SandboxDeliveryFault.Delay:
                    await Task.Delay(delivery.Fault.Value.Delay, time).ConfigureAwait(false);
                    break;
            }

            await SendAsync(delivery).ConfigureAwait(false);
            if (delivery.Fault?.Fault == SandboxDeliveryFault.Duplicate)
            {
                await SendAsync(delivery).ConfigureAwait(false);
            }

            if (heldBack is { } late && !ReferenceEquals(late, delivery))
            {
                heldBack = null;
                await SendAsync(late).ConfigureAwait(false);
            }
        }
    }

    private async Task SendAsync(PendingDelivery delivery)
    {
        SandboxWebhook? webhook;
        lock (_lock)
        {
            webhook = _webhooks.FirstOrDefault(w => w.Id == delivery.WebhookId);
        }

        if (webhook is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.TargetUrl) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (webhook.Secret is { } secret)
        {
            var signature = CallEventParser.Sign(bytes, delivery.Fault?.Fault == SandboxDeliveryFault.BadSignature ? secret + "-wrong" : secret);
            request.Headers.TryAddWithoutValidation("X-Spark-Signature", signature);
        }

        var status = 0;
        try
        {
            using var response = await _sender.SendAsync(request).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // An unreachable target counts as a failed delivery.
        }

        lock (_lock)
        {
            var index = _webhooks.FindIndex(w => w.Id == webhook.Id);
            if (index >= 0)
            {
                var failures = status is >= 200 and <= 299 ? 0 : _webhooks[index].ConsecutiveFailures + 1;
                _webhooks[index] = _webhooks[index] with { ConsecutiveFailures = failures, Active = _webhooks[index].Active && failures < CallControlSandbox.FailuresBeforeInactive };
            }
        }

        lock (_deliveries)
        {
            _deliveries.Add(new SandboxDelivery { WebhookId = delivery.WebhookId, CallId = delivery.CallId, EventType = delivery.EventType, Body = delivery.Body, StatusCode = status });
        }
    }

    private sealed record PendingDelivery(string WebhookId, string CallId, string EventType, string Body, (SandboxDeliveryFault Fault, TimeSpan Delay)? Fault);
}

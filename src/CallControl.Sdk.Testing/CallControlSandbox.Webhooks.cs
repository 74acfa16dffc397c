using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace CallControl.Sdk.Testing;

// The webhooks API (/v1/webhooks) and the deliveries of call events: every state change the sandbox makes to its
// calls (a call added, answered, held, resumed, recorded or ended, whatever the command) is POSTed, as Webex would,
// to each active webhook whose event and filter match, signed with its secret, over real HTTP, one at a time in order.
public sealed partial class CallControlSandbox
{
    /// <summary>Consecutive failed deliveries after which a webhook is set inactive, as Webex does (its threshold is undocumented).</summary>
    public static readonly int FailuresBeforeInactive = 5;

    private const string WebhooksPath = "/v1/webhooks";
    private readonly List<SandboxWebhook> _webhooks = [];
    private readonly List<SandboxDelivery> _deliveries = [];
    private readonly Queue<(SandboxDeliveryFault Fault, TimeSpan Delay)> _deliveryFaults = new();
    private readonly Channel<PendingDelivery> _outbox = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _sender = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
    private Task? _deliveryLoop;
    private int _webhookSequence;

    /// <summary>Gets the webhooks registered with the sandbox.</summary>
    public IReadOnlyList<SandboxWebhook> Webhooks
    {
        get
        {
            lock (_gate)
            {
                return [.. _webhooks];
            }
        }
    }

    /// <summary>Gets every delivery sent so far, in the order sent.</summary>
    public IReadOnlyList<SandboxDelivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> deliveries go wrong as Webex's sometimes do.</summary>
    /// <param name="fault">What goes wrong.</param>
    /// <param name="count">How many deliveries.</param>
    /// <param name="delay">For <see cref="SandboxDeliveryFault.Delay"/>: how long, on the sandbox's clock.</param>
    public void InjectDeliveryFault(SandboxDeliveryFault fault, int count = 1, TimeSpan? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _deliveryFaults.Enqueue((fault, delay ?? TimeSpan.Zero));
            }
        }
    }

    /// <summary>Runs a command under the sandbox's lock and turns the calls it changed into events for the webhooks.</summary>
    private (int Status, string? Json) DispatchAndNotify(string method, string path, string? authorization, string body, string? historyType)
    {
        List<SandboxCall> before;
        List<SandboxCall> after;
        (int, string?) result;
        lock (_gate)
        {
            before = [.. _calls];
            result = Dispatch(method, path, authorization, body, historyType);
            after = [.. _calls];
            if (_webhooks.Count > 0)
            {
                foreach (var (call, eventType, generic) in Changes(before, after))
                {
                    foreach (var webhook in _webhooks.Where(w => w.Active && Matches(w, call, generic)))
                    {
                        var fault = _deliveryFaults.Count > 0 ? _deliveryFaults.Dequeue() : ((SandboxDeliveryFault, TimeSpan)?)null;
                        _outbox.Writer.TryWrite(new PendingDelivery(webhook.Id, call.Id, eventType, EventJson(webhook, call, eventType, generic), fault));
                    }
                }

                _deliveryLoop ??= Task.Run(DeliverAsync);
            }
        }

        return result;
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

    private string EventJson(SandboxWebhook webhook, SandboxCall call, string eventType, string generic) => Json(w =>
    {
        var now = _options.TimeProvider.GetUtcNow();
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
        w.WriteString("eventTimestamp", now.ToString("O", CultureInfo.InvariantCulture));
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
                    await Task.Delay(delivery.Fault.Value.Delay, _options.TimeProvider).ConfigureAwait(false);
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
        lock (_gate)
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

        lock (_gate)
        {
            var index = _webhooks.FindIndex(w => w.Id == webhook.Id);
            if (index >= 0)
            {
                var failures = status is >= 200 and <= 299 ? 0 : _webhooks[index].ConsecutiveFailures + 1;
                _webhooks[index] = _webhooks[index] with { ConsecutiveFailures = failures, Active = _webhooks[index].Active && failures < FailuresBeforeInactive };
            }
        }

        lock (_deliveries)
        {
            _deliveries.Add(new SandboxDelivery { WebhookId = delivery.WebhookId, CallId = delivery.CallId, EventType = delivery.EventType, Body = delivery.Body, StatusCode = status });
        }
    }

    /// <summary>The webhooks API: create, list, get, update (name, target, secret, status) and delete.</summary>
    private (int Status, string? Json) WebhooksApi(string method, string path, string body)
    {
        var id = path.Length > WebhooksPath.Length ? Uri.UnescapeDataString(path[(WebhooksPath.Length + 1)..]) : null;
        JsonElement root = default;
        if (method is "POST" or "PUT")
        {
            try
            {
                root = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException)
            {
                return (400, "The body is not JSON.");
            }
        }

        string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        lock (_gate)
        {
            var index = id is null ? -1 : _webhooks.FindIndex(w => w.Id == id);
            switch (method)
            {
                case "POST" when id is null:
                    if (Field("name") is not { Length: > 0 } name || Field("targetUrl") is not { Length: > 0 } target || Field("resource") is not { Length: > 0 } resource)
                    {
                        return (400, "name, targetUrl and resource are required.");
                    }

                    var created = new SandboxWebhook
                    {
                        Id = "sandbox-webhook-" + (++_webhookSequence).ToString(CultureInfo.InvariantCulture),
                        Name = name,
                        TargetUrl = target,
                        Event = Field("event") ?? "all",
                        Filter = Field("filter"),
                        Secret = Field("secret"),
                        Active = true,
                        Created = _options.TimeProvider.GetUtcNow(),
                    };
                    if (resource == "telephony_calls")
                    {
                        _webhooks.Add(created);
                    }

                    return (200, WebhookJson(created, resource));
                case "GET" when id is null:
                    return (200, Json(w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("items");
                        foreach (var webhook in _webhooks)
                        {
                            w.WriteRawValue(WebhookJson(webhook, "telephony_calls"));
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }));
                case "GET" when index >= 0:
                    return (200, WebhookJson(_webhooks[index], "telephony_calls"));
                case "PUT" when index >= 0:
                    var updated = _webhooks[index] with
                    {
                        Name = Field("name") ?? _webhooks[index].Name,
                        TargetUrl = Field("targetUrl") ?? _webhooks[index].TargetUrl,
                        Secret = Field("secret") ?? _webhooks[index].Secret,
                        Active = _webhooks[index].Active || Field("status") == "active",
                        ConsecutiveFailures = Field("status") == "active" ? 0 : _webhooks[index].ConsecutiveFailures,
                    };
                    _webhooks[index] = updated;
                    return (200, WebhookJson(updated, "telephony_calls"));
                case "DELETE" when index >= 0:
                    _webhooks.RemoveAt(index);
                    return (204, null);
                default:
                    return (404, $"Webhook '{id}' was not found.");
            }
        }
    }

    private static string WebhookJson(SandboxWebhook webhook, string resource) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", webhook.Id);
        w.WriteString("name", webhook.Name);
        w.WriteString("targetUrl", webhook.TargetUrl);
        w.WriteString("resource", resource);
        w.WriteString("event", webhook.Event);
        if (webhook.Filter is not null)
        {
            w.WriteString("filter", webhook.Filter);
        }

        w.WriteString("status", webhook.Active ? "active" : "inactive");
        w.WriteString("created", webhook.Created.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("orgId", "sandbox-org");
        w.WriteString("createdBy", "sandbox-user");
        w.WriteString("appId", "sandbox-app");
        w.WriteString("ownedBy", "creator");
        w.WriteEndObject();
    });

    private sealed record PendingDelivery(string WebhookId, string CallId, string EventType, string Body, (SandboxDeliveryFault Fault, TimeSpan Delay)? Fault);
}

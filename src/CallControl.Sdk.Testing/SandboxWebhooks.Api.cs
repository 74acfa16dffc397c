using System.Globalization;
using System.Text.Json;

namespace CallControl.Sdk.Testing;

// The webhooks API (/v1/webhooks): create, list, get, update (name, target, secret, status) and delete.
internal sealed partial class SandboxWebhooks
{
    /// <summary>The webhooks API: create, list, get, update (name, target, secret, status) and delete.</summary>
    internal (int Status, string? Json) Api(string method, string? id, string body)
    {
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

        lock (_lock)
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
                        Created = time.GetUtcNow(),
                    };
                    if (resource == "telephony_calls")
                    {
                        _webhooks.Add(created);
                    }

                    return (200, WebhookJson(created, resource));
                case "GET" when id is null:
                    return (200, SandboxJson.Write(w =>
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

    private static string WebhookJson(SandboxWebhook webhook, string resource) => SandboxJson.Write(w =>
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
}

namespace CallControl.Sdk.Internal;

/// <summary>The rules of webhook requests, in one place: name, target URL, secret, filter and id.</summary>
internal static class WebhookRules
{
    internal const int MaxNameLength = 128;
    internal const int MaxSecretLength = 256;
    internal const int MaxFilterLength = 1024;

    internal static void CheckName(string? name, List<RequestRules.Violation> violations)
    {
        if (name is null)
        {
            violations.Add(new("name", "name is required: it names the webhook."));
            return;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || RequestRules.InvisibleOrBroken(name) is not null)
        {
            violations.Add(new("name", $"name must be 1 to {MaxNameLength} visible characters."));
        }
    }

    internal static void CheckTarget(Uri? targetUrl, List<RequestRules.Violation> violations)
    {
        if (targetUrl is null)
        {
            violations.Add(new("targetUrl", "targetUrl is required: it is where Webex delivers events."));
        }
        else if (!targetUrl.IsAbsoluteUri || !(targetUrl.Scheme == Uri.UriSchemeHttps || (targetUrl.Scheme == Uri.UriSchemeHttp && targetUrl.IsLoopback)))
        {
            violations.Add(new("targetUrl", $"targetUrl must be an absolute https URL (plain http only to a loopback address); was '{Text.Printable(targetUrl.OriginalString)}'."));
        }
    }

    /// <summary>A webhook secret, checked when it is set: the value, or one exception (which never echoes it, not even in part).</summary>
    internal static string? RequireSecret(string? secret, string operation)
    {
        if (secret is not null && (secret.Length is 0 or > MaxSecretLength || Text.IsUnsafeForHeader(secret)))
        {
            RequestRules.ThrowIfAny(operation, [new("secret", $"secret must be 1 to {MaxSecretLength} printable ASCII characters.")]);
        }

        return secret;
    }

    internal static string? RequireFilter(string? filter, string operation)
    {
        if (filter is not null && (string.IsNullOrWhiteSpace(filter) || filter.Length > MaxFilterLength || RequestRules.InvisibleOrBroken(filter) is not null))
        {
            RequestRules.ThrowIfAny(operation, [new("filter", $"filter must be 1 to {MaxFilterLength} visible characters, such as personality=terminator.")]);
        }

        return filter;
    }

    internal static CallWebhookEvent RequireEvent(CallWebhookEvent value)
    {
        if (value == CallWebhookEvent.Unknown || !Enum.IsDefined(value))
        {
            RequestRules.ThrowIfAny("createCallWebhook", [new("event", $"event {value} is not a webhook event: use All, Created, Updated or Deleted.")]);
        }

        return value;
    }
}

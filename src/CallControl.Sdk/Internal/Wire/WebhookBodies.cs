namespace CallControl.Sdk.Internal.Wire;

#pragma warning disable SA1402, SA1649 // Internal wire shapes of one family, kept together.

/// <summary>The body of <c>POST /webhooks</c> and <c>PUT /webhooks/{id}</c>; absent fields are left out.</summary>
internal sealed class WebhookRequestBody
{
    public string? Name { get; set; }

    public string? TargetUrl { get; set; }

    public string? Resource { get; set; }

    public string? Event { get; set; }

    public string? Filter { get; set; }

    public string? Secret { get; set; }

    public string? OwnedBy { get; set; }

    public string? Status { get; set; }
}

/// <summary>A webhook as Webex answers it (its <c>secret</c> is deliberately not read).</summary>
internal sealed class WebhookBody
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? TargetUrl { get; init; }

    public string? Resource { get; init; }

    public string? Event { get; init; }

    public string? Filter { get; init; }

    public string? Status { get; init; }

    public string? Created { get; init; }

    public string? OrgId { get; init; }

    public string? CreatedBy { get; init; }

    public string? AppId { get; init; }

    public string? OwnedBy { get; init; }
}

internal sealed class WebhookListBody
{
    public List<WebhookBody?>? Items { get; init; }
}

using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

// Webhooks for call events, through the same pipeline as everything else: creating, updating and deleting are
// commands (never resent after an ambiguous failure), reading is a query. The secret is never logged or echoed.
public partial class CallControlClient
{
    /// <summary>The most pages <see cref="ListCallWebhooksAsync"/> follows; a server that links on forever is stopped there.</summary>
    private const int MaxWebhookPages = 100;

    /// <summary>Creates a webhook that delivers call events (<c>resource = telephony_calls</c>) to the request's target.</summary>
    /// <param name="request">The webhook.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhook Webex created.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The secret, filter or event breaks a rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (the token needs <c>spark:calls_read</c>).</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/> before creating it again (a second one doubles delivery).</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallWebhook> CreateCallWebhookAsync(CallWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<RequestRules.Violation>(2);
        WebhookRules.CheckOptional(request.Secret, request.Filter, violations);
        if (request.Event == CallWebhookEvent.Unknown || !Enum.IsDefined(request.Event))
        {
            violations.Add(new("event", $"event {request.Event} is not a webhook event: use All, Created, Updated or Deleted."));
        }

        RequestRules.ThrowIfAny("createCallWebhook", violations);
        var body = new WebhookRequestBody
        {
            Name = request.Name,
            TargetUrl = request.TargetUrl.AbsoluteUri,
            Resource = CallEventParser.Resource,
            Event = WireNames.Of(request.Event),
            Filter = request.Filter,
            Secret = request.Secret,
            OwnedBy = request.OwnedByOrganization ? "org" : null,
        };
        return Executor.ExecuteAsync<object?, CallWebhook>(
            _transport!,
            Operation.CreateCallWebhook,
            null,
            WireContent.Serialize(body, WebexJsonContext.Wire.WebhookRequestBody),
            null,
            static (api, _, state, token) => api.CreateWebhookAsync(state.Content!, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
            ReadWebhookAsync,
            cancellationToken,
            request.Secret);
    }

    /// <summary>Lists the webhooks on call events (other resources' webhooks are left out), following Webex's <c>Link</c> paging.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhooks.</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, an unreadable answer, or a next-page link to another address (not followed: it would carry the token there).</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<IReadOnlyList<CallWebhook>> ListCallWebhooksAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<CallWebhook>();
        IDictionary<string, string> query = new Dictionary<string, string>(StringComparer.Ordinal) { ["max"] = "100" };
        for (var page = 1; ; page++)
        {
            var (items, next) = await Executor.ExecuteAsync<IDictionary<string, string>, (List<CallWebhook> Items, IDictionary<string, string>? Next)>(
                _transport!,
                Operation.ListCallWebhooks,
                null,
                null,
                query,
                static (api, q, state, token) => api.ListWebhooksAsync(q, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
                static async (response, state, token) =>
                {
                    var body = await SuccessReader.ReadQueryAsync(response, WebexJsonContext.Wire.WebhookListBody, state, token).ConfigureAwait(false);
                    var items = (body.Items ?? []).Where(w => w is not null && w.Resource == CallEventParser.Resource).Select(w => ToWebhook(w!)).ToList();
                    return (items, WebhookPaging.Next(response, state));
                },
                cancellationToken).ConfigureAwait(false);
            all.AddRange(items);
            if (next is null)
            {
                return all;
            }

            if (page == MaxWebhookPages)
            {
                throw new CallControlException($"The Webex Call Control listCallWebhooks stopped after {MaxWebhookPages} pages: the server kept linking to a next page.", null, outcomeUnknown: false) { Attempts = page };
            }

            query = next;
        }
    }

    /// <summary>Gets a webhook.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhook.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="webhookId"/> breaks the id rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an unreadable answer.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallWebhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        CheckWebhookId(webhookId, "getWebhook");
        return Executor.ExecuteAsync(
            _transport!,
            Operation.GetWebhook,
            null,
            null,
            webhookId,
            static (api, id, state, token) => api.GetWebhookAsync(id, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
            static async (response, state, token) => ToWebhook(await SuccessReader.ReadQueryAsync(response, WebexJsonContext.Wire.WebhookBody, state, token).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Changes a webhook's name, target or secret, or sets an inactive one active again.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhook as Webex holds it now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The id or the secret breaks a rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallWebhook> UpdateWebhookAsync(string webhookId, CallWebhookUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var violations = new List<RequestRules.Violation>(2);
        RequestRules.CheckRequiredId("webhookId", webhookId, "it names the webhook", violations);
        WebhookRules.CheckOptional(update.Secret, null, violations);
        RequestRules.ThrowIfAny("updateWebhook", violations);
        var body = new WebhookRequestBody
        {
            Name = update.Name,
            TargetUrl = update.TargetUrl.AbsoluteUri,
            Secret = update.Secret,
            Status = update.Reactivate ? "active" : null,
        };
        return Executor.ExecuteAsync(
            _transport!,
            Operation.UpdateWebhook,
            null,
            WireContent.Serialize(body, WebexJsonContext.Wire.WebhookRequestBody),
            webhookId,
            static (api, id, state, token) => api.UpdateWebhookAsync(id, state.Content!, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
            ReadWebhookAsync,
            cancellationToken,
            update.Secret);
    }

    /// <summary>Deletes a webhook: Webex stops delivering to it.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="webhookId"/> breaks the id rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook, or already deleted).</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<CallCommandResult> DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        CheckWebhookId(webhookId, "deleteWebhook");
        return Executor.ExecuteAsync(
            _transport!,
            Operation.DeleteWebhook,
            null,
            WireContent.None,
            webhookId,
            static (api, id, state, token) => api.DeleteWebhookAsync(id, state.Content!, state.Authorization, state.TrackingId, SdkInfo.UserAgent, token),
            static (response, state, _) => new ValueTask<CallCommandResult>(new CallCommandResult(response.StatusCode, AnsweredTrackingId(response, state))),
            cancellationToken);
    }

    private static void CheckWebhookId(string webhookId, string operation)
    {
        var violations = new List<RequestRules.Violation>(1);
        RequestRules.CheckRequiredId("webhookId", webhookId, "it names the webhook", violations);
        RequestRules.ThrowIfAny(operation, violations);
    }

    /// <summary>A created or updated webhook. The command happened: an unreadable answer gives a webhook without an id, and a warning.</summary>
    private static async ValueTask<CallWebhook> ReadWebhookAsync(HttpResponseMessage response, OperationState state, CancellationToken cancellationToken)
    {
        if (await SuccessReader.TryReadAsync(response, WebexJsonContext.Wire.WebhookBody, cancellationToken).ConfigureAwait(false) is { Id: { Length: > 0 } } body)
        {
            return ToWebhook(body);
        }

        state.Executor.WarnCreatedWithoutIds(state, response.StatusCode);
        return new CallWebhook { Id = string.Empty };
    }

    private static CallWebhook ToWebhook(WebhookBody body) => new()
    {
        Id = body.Id ?? string.Empty,
        Name = body.Name,
        TargetUrl = Uri.TryCreate(body.TargetUrl, UriKind.Absolute, out var target) ? target : null,
        Event = WireNames.ParseWebhookEvent(body.Event),
        Filter = body.Filter,
        Status = WireNames.ParseWebhookStatus(body.Status),
        Created = CallMapper.ParseTime(body.Created),
        OwnedByOrganization = body.OwnedBy == "org",
        OrgId = body.OrgId,
        CreatedBy = body.CreatedBy,
        AppId = body.AppId,
    };
}

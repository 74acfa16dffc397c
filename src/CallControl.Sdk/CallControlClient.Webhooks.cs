using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

// Webhooks for call events, through the same pipeline as everything else: creating, updating and deleting are
// commands (never resent after an ambiguous failure), reading is a query. The secret is never logged or echoed.
public partial class CallControlClient
{
    /// <summary>The most pages <see cref="ListCallWebhooksAsync(CancellationToken)"/> follows; a server that links on forever is stopped there.</summary>
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
        return Executor.ExecuteAsync(_transport!, ApiRequest.Webhook(Operation.CreateCallWebhook, request.TrackingId, body), AnswerReaders.WebhookWritten, cancellationToken);
    }

    /// <summary>Lists the webhooks on call events (other resources' webhooks are left out), following Webex's <c>Link</c> paging.</summary>
    /// <param name="request">The request (its TrackingID, if any, is sent with every page).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhooks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, an unreadable answer, or a next-page link to another address (not followed: it would carry the token there).</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual async Task<IReadOnlyList<CallWebhook>> ListCallWebhooksAsync(ListCallWebhooksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = new List<CallWebhook>();
        IDictionary<string, string> query = new Dictionary<string, string>(StringComparer.Ordinal) { ["max"] = "100" };
        for (var page = 1; ; page++)
        {
            var (items, next) = await Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.ListCallWebhooks, request.TrackingId, query: query), AnswerReaders.WebhookPage, cancellationToken).ConfigureAwait(false);
            all.AddRange(items);
            if (next is null)
            {
                return all;
            }

            if (page == MaxWebhookPages)
            {
                throw new CallControlException($"The Webex Call Control listCallWebhooks stopped after {MaxWebhookPages} pages: the server kept linking to a next page.", request.TrackingId, outcomeUnknown: false) { Attempts = page };
            }

            query = next;
        }
    }

    /// <summary>Lists the webhooks on call events: <see cref="ListCallWebhooksAsync(ListCallWebhooksRequest, CancellationToken)"/> with a generated TrackingID per page.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhooks.</returns>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, an unreadable answer, or a next-page link to another address (not followed: it would carry the token there).</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<IReadOnlyList<CallWebhook>> ListCallWebhooksAsync(CancellationToken cancellationToken = default)
        => ListCallWebhooksAsync(new ListCallWebhooksRequest(), cancellationToken);

    /// <summary>Gets a webhook.</summary>
    /// <param name="request">The webhook, and the request's TrackingID if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an unreadable answer.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallWebhook> GetWebhookAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Query(Operation.GetWebhook, request.TrackingId, request.WebhookId), AnswerReaders.Webhook, cancellationToken);
    }

    /// <summary>Gets a webhook: <c>GetWebhookAsync(new WebhookRequest(webhookId))</c>.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The webhook.</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="webhookId"/> breaks the id rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook).</exception>
    /// <exception cref="CallControlException">Transport failure, timeout, or an unreadable answer.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallWebhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default)
        => GetWebhookAsync(new WebhookRequest(webhookId), cancellationToken);

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
        RequestRules.RequireId(webhookId, "webhookId", "it names the webhook", "updateWebhook");
        var body = new WebhookRequestBody
        {
            Name = update.Name,
            TargetUrl = update.TargetUrl.AbsoluteUri,
            Secret = update.Secret,
            Status = update.Reactivate ? "active" : null,
        };
        return Executor.ExecuteAsync(_transport!, ApiRequest.Webhook(Operation.UpdateWebhook, update.TrackingId, body, webhookId), AnswerReaders.WebhookWritten, cancellationToken);
    }

    /// <summary>Deletes a webhook: Webex stops delivering to it.</summary>
    /// <param name="request">The webhook, and the request's TrackingID if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook, or already deleted).</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallCommandResult> DeleteWebhookAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Executor.ExecuteAsync(_transport!, ApiRequest.Webhook(Operation.DeleteWebhook, request.TrackingId, null, request.WebhookId), AnswerReaders.Command, cancellationToken);
    }

    /// <summary>Deletes a webhook: <c>DeleteWebhookAsync(new WebhookRequest(webhookId))</c>.</summary>
    /// <param name="webhookId">The webhook's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (204).</returns>
    /// <exception cref="CallControlRequestValidationException"><paramref name="webhookId"/> breaks the id rule; nothing is sent.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status (404: no such webhook, or already deleted).</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; check <see cref="CallControlException.OutcomeUnknown"/>.</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = ShorthandJustification)]
    public virtual Task<CallCommandResult> DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default)
        => DeleteWebhookAsync(new WebhookRequest(webhookId), cancellationToken);
}

using System.Net;

namespace CallControl.Sdk;

// One webhook per app: what every start of an instance calls instead of CreateCallWebhookAsync.
public partial class CallControlClient
{
    /// <summary>
    /// Makes sure exactly one call webhook with the request's name and target exists, and returns it: an existing one
    /// with the same event and filter is kept (its secret updated when the request has one, reactivated when Webex
    /// marked it inactive); one is created only when none exists; every other webhook with the same name and target
    /// (duplicates, or ones with another event or filter, which Webex cannot change) is deleted. Safe to call at every
    /// start, and when instances start at once: all of them keep the same one (the oldest), so one survives.
    /// </summary>
    /// <param name="request">The webhook to have.</param>
    /// <param name="cancellationToken">Cancels the operations.</param>
    /// <returns>The webhook that remains.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlApiException">Webex answered with an error status.</exception>
    /// <exception cref="CallControlException">Transport failure or timeout; calling this method again is safe (it converges).</exception>
    /// <exception cref="CallControlOperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async Task<CallWebhook> EnsureCallWebhookAsync(CallWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kept = Oldest(SameWebhook(await ListCallWebhooksAsync(cancellationToken).ConfigureAwait(false), request, sameSettings: true));
        if (kept is null)
        {
            kept = await CreateCallWebhookAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else if (request.Secret is not null || kept.Status != CallWebhookStatus.Active)
        {
            kept = await RefreshAsync(kept, request, cancellationToken).ConfigureAwait(false);
        }

        // Another instance may have created one meanwhile: every instance keeps the oldest and deletes the rest.
        var named = SameWebhook(await ListCallWebhooksAsync(cancellationToken).ConfigureAwait(false), request, sameSettings: false);
        var winner = Oldest(named.Where(w => SameSettings(w, request))) ?? kept;
        foreach (var other in named.Where(w => w.Id != winner.Id))
        {
            try
            {
                await DeleteWebhookAsync(other.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // Another instance deleted it first.
            }
        }

        return winner.Id == kept.Id ? kept : await RefreshAsync(winner, request, cancellationToken).ConfigureAwait(false);
    }

    private Task<CallWebhook> RefreshAsync(CallWebhook webhook, CallWebhookRequest request, CancellationToken cancellationToken)
        => UpdateWebhookAsync(webhook.Id, new CallWebhookUpdate(request.Name, request.TargetUrl) { Secret = request.Secret, Reactivate = webhook.Status != CallWebhookStatus.Active }, cancellationToken);

    private static List<CallWebhook> SameWebhook(IReadOnlyList<CallWebhook> webhooks, CallWebhookRequest request, bool sameSettings)
        => webhooks.Where(w => w.Name == request.Name && w.TargetUrl is { } target && target.AbsoluteUri == request.TargetUrl.AbsoluteUri && (!sameSettings || SameSettings(w, request))).ToList();

    private static bool SameSettings(CallWebhook webhook, CallWebhookRequest request)
        => webhook.Event == request.Event && string.IsNullOrEmpty(webhook.Filter) == string.IsNullOrEmpty(request.Filter) && (string.IsNullOrEmpty(webhook.Filter) || webhook.Filter == request.Filter);

    /// <summary>The one every instance agrees to keep: the oldest, then the smallest id.</summary>
    private static CallWebhook? Oldest(IEnumerable<CallWebhook> webhooks)
        => webhooks.OrderBy(w => w.Created ?? DateTimeOffset.MaxValue).ThenBy(w => w.Id, StringComparer.Ordinal).FirstOrDefault();
}

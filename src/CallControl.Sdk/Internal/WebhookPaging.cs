namespace CallControl.Sdk.Internal;

/// <summary>
/// Webex's list paging: a <c>Link: &lt;url&gt;; rel="next"</c> header. The next page is followed only when it is the
/// same list on the same host (the request carries the token); its query (<c>cursor</c>, <c>max</c>) is reused.
/// </summary>
internal static class WebhookPaging
{
    /// <returns>The next page's query, or null on the last page.</returns>
    /// <exception cref="CallControlException">The link points elsewhere, or cannot be read.</exception>
    internal static IDictionary<string, string>? Next(Answer answer)
    {
        if (!answer.Response.Headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var header in values)
        {
            foreach (var part in header.Split(','))
            {
                var segments = part.Split(';');
                if (!segments.Skip(1).Any(s => s.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var target = segments[0].Trim().TrimStart('<').TrimEnd('>');
                var list = new Uri(answer.BaseAddress!, "webhooks");
                if (!Uri.TryCreate(target, UriKind.Absolute, out var next)
                    || !string.Equals(next.GetLeftPart(UriPartial.Path).TrimEnd('/'), list.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                {
                    throw new CallControlException(
                        $"The Webex Call Control {answer.Operation.Name} answered with a next-page link to another address ('{Text.Printable(target, 120)}'); it was not followed, since the request would carry the access token there. TrackingID: {answer.SentTrackingId}.",
                        answer.SentTrackingId,
                        outcomeUnknown: false) { Attempts = answer.Attempts };
                }

                var query = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in next.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                    query[name] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                }

                return query;
            }
        }

        return null;
    }
}

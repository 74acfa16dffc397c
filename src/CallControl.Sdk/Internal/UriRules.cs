namespace CallControl.Sdk.Internal;

/// <summary>The one rule for where the bearer token may go: HTTPS, or plain HTTP only to a loopback address (the sandbox, tests).</summary>
internal static class UriRules
{
    /// <returns>Null when the token may be sent to <paramref name="uri"/>; otherwise why not.</returns>
    internal static string? Problem(Uri? uri)
    {
        if (uri is null)
        {
            return "it is not set";
        }

        if (!uri.IsAbsoluteUri)
        {
            return $"it must be an absolute URI (was '{Text.Printable(uri.OriginalString)}')";
        }

        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            return null;
        }

        return $"it must use https (plain http is allowed only for loopback addresses, so the access token never crosses a network in clear text); was '{Text.Printable(uri.GetLeftPart(UriPartial.Authority))}'";
    }
}

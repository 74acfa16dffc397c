namespace CallControl.Sdk.Internal;

/// <summary>
/// The one rule for an access token, from whatever source (options, a provider, a refresh): RFC 6750's b64token,
/// the only characters a Bearer token may have. A token that breaks it would fail deep in the HTTP stack, or carry
/// CR/LF into the request's headers.
/// </summary>
internal static class TokenRules
{
    /// <summary>The longest token accepted; Webex tokens are about 100 characters, a JWT a few thousand.</summary>
    internal const int MaxLength = 16 * 1024;

    /// <returns>Null when the token is usable; otherwise what is wrong with it, in words that never include the token.</returns>
    internal static string? Problem(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "is empty";
        }

        if (token.Length > MaxLength)
        {
            return $"is {token.Length} characters long (the limit is {MaxLength})";
        }

        var padding = false;
        foreach (var c in token)
        {
            if (c == '=')
            {
                padding = true;
            }
            else if (padding || !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return padding && c != '='
                    ? "has characters after its '=' padding (an RFC 6750 bearer token ends with '=' only)"
                    : "has a character an RFC 6750 bearer token cannot have (only letters, digits, - . _ ~ + / and trailing =; no spaces, control characters or non-ASCII)";
            }
        }

        return token[0] == '=' ? "has only '=' padding" : null;
    }

    /// <summary>
    /// Who a fixed token belongs to, for a rate-limit gate's key: a domain-separated SHA-256 of the token in hex, from
    /// which the token cannot be recovered (it is random, far beyond any search).
    /// </summary>
    internal static string OwnerId(string token)
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("CallControl.Sdk rate-limit gate\n" + token)));

    /// <summary>
    /// The token store's key of an integration's credential: its client id and a one-way hash of the refresh token it
    /// was configured with. Instances and restarts with the same settings share it; two users of one integration
    /// (one client id, a refresh token each) never do, and a new refresh token in the settings starts a new entry.
    /// </summary>
    internal static string IntegrationStoreKey(string clientId, string configuredRefreshToken)
        => "webex-integration:" + clientId + ":" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("CallControl.Sdk token store\n" + configuredRefreshToken)))[..32];
}

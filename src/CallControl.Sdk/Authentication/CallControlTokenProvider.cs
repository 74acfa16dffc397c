namespace CallControl.Sdk;

/// <summary>
/// Supplies the access token for each attempt, so a long-running app survives token expiry. Use
/// <see cref="WebexRefreshTokenProvider"/> for a Webex integration, or derive your own.
/// </summary>
/// <remarks>Implementations must be thread-safe: one provider serves every concurrent call of a client.</remarks>
public abstract class CallControlTokenProvider
{
    /// <summary>Returns a valid access token, from a cache when possible. Called before every attempt.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The access token (without the <c>Bearer</c> prefix).</returns>
    public abstract ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called once when Webex answered 401 to <paramref name="rejectedToken"/>: return a fresh token. The request is
    /// then sent once more (a 401 was not acted on, so even a command may be resent).
    /// </summary>
    /// <param name="rejectedToken">The token Webex rejected; a provider that refreshed since then may just return the newer one.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The new access token.</returns>
    public virtual ValueTask<string> RefreshTokenAsync(string rejectedToken, CancellationToken cancellationToken) => GetTokenAsync(cancellationToken);

    /// <summary>Gets whether <see cref="RefreshTokenAsync"/> can produce a different token; when false a 401 is not retried.</summary>
    public virtual bool CanRefresh => true;

    /// <summary>
    /// Gets the secrets this provider holds besides the tokens it hands out (a client secret, a refresh token, a vault
    /// key). The client removes each of them, and the last tokens it was handed, from any server text it puts in an
    /// exception or a log line, so a server that echoes one back cannot leak it. Read on every error answer: return
    /// what you hold now, cheaply.
    /// </summary>
    /// <value>The default value is empty: only the handed-out tokens are redacted.</value>
    protected internal virtual IEnumerable<string?> HeldSecrets => [];

    /// <summary>
    /// What the credentials health check reads: refreshes that failed in a row and the last failure; null for a provider
    /// that does not say (a provider of your own).
    /// </summary>
    internal virtual (int Failures, CallControlAuthenticationException? LastFailure)? Health => null;
}

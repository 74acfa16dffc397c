namespace CallControl.Sdk;

/// <summary>
/// Where a refresh-token provider (<see cref="WebexRefreshTokenProvider"/>, <see cref="WebexServiceAppTokenProvider"/>)
/// keeps a credential's rotated refresh token and current access token, and how instances that share the credential
/// take turns to refresh it. The provider starts from the store's tokens when it has some (so a restart after a
/// rotation does not fall back to the dead token in <c>appsettings.json</c>), and refreshes under a lease: one instance
/// posts to the token endpoint while the others wait for its result in the store (so N instances never race to
/// rotate one refresh token). See docs/credentials.md.
/// </summary>
/// <remarks>
/// <see cref="InMemoryTokenStore"/> (the default) serves one process; <see cref="FileTokenStore"/> a machine;
/// <c>RedisTokenStore</c> (package <c>CallControl.Sdk.Redis</c>) many machines. Implementations must be thread-safe.
/// A store that throws never fails a call by itself: the provider then refreshes with what it holds in memory.
/// </remarks>
public abstract class CallControlTokenStore
{
    /// <summary>Reads a credential's tokens.</summary>
    /// <param name="key">The credential's key (see <see cref="WebexRefreshTokenProviderOptions.TokenStoreKey"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tokens, or null when the store has none for <paramref name="key"/>.</returns>
    public abstract ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes a credential's tokens after a refresh, replacing what was there.</summary>
    /// <param name="key">The credential's key.</param>
    /// <param name="tokens">The tokens.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the tokens are stored.</returns>
    public abstract ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the credential's refresh lease for <paramref name="owner"/> when nobody else holds it (or theirs expired).
    /// The lease ends by itself after <paramref name="duration"/>, so an instance that dies while refreshing blocks
    /// the others no longer than that.
    /// </summary>
    /// <param name="key">The credential's key.</param>
    /// <param name="owner">Who asks: unique per provider instance.</param>
    /// <param name="duration">How long the lease lasts unless released.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when <paramref name="owner"/> holds the lease now.</returns>
    public abstract ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="owner"/>'s lease; a lease that expired and was taken by another owner is left alone.</summary>
    /// <param name="key">The credential's key.</param>
    /// <param name="owner">The owner that took it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    public abstract ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken);
}

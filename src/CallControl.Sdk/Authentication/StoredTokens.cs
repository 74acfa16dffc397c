namespace CallControl.Sdk;

/// <summary>
/// A credential's tokens as a <see cref="CallControlTokenStore"/> keeps them: the refresh token that works now (Webex
/// rotates it) and the access token last obtained with it.
/// </summary>
public sealed class StoredTokens
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="refreshToken">The refresh token that works now.</param>
    /// <param name="accessToken">The access token obtained with it, if any.</param>
    /// <param name="accessTokenExpiresAt">When <paramref name="accessToken"/> expires (ignored without one).</param>
    /// <exception cref="ArgumentException"><paramref name="refreshToken"/> is empty.</exception>
    public StoredTokens(string refreshToken, string? accessToken, DateTimeOffset accessTokenExpiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        RefreshToken = refreshToken;
        AccessToken = string.IsNullOrEmpty(accessToken) ? null : accessToken;
        AccessTokenExpiresAt = AccessToken is null ? DateTimeOffset.MinValue : accessTokenExpiresAt;
    }

    /// <summary>Gets the refresh token. Never in <see cref="ToString"/>.</summary>
    public string RefreshToken { get; }

    /// <summary>Gets the access token, or null. Never in <see cref="ToString"/>.</summary>
    public string? AccessToken { get; }

    /// <summary>Gets when <see cref="AccessToken"/> expires (<see cref="DateTimeOffset.MinValue"/> without one).</summary>
    public DateTimeOffset AccessTokenExpiresAt { get; }

    /// <summary>Describes the entry without any secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
        => $"StoredTokens (refresh token: set, redacted; access token: {(AccessToken is null ? "none" : "set, redacted, expires " + AccessTokenExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))})";
}

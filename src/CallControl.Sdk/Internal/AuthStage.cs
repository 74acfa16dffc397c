namespace CallControl.Sdk.Internal;

/// <summary>
/// The credential of an attempt, in hand before the attempt takes a turn at the rate-limit gate (a provider that fails
/// costs the shared limit nothing): the fixed token's header (built once), or the provider's token, asked on every
/// attempt, bounded by the operation's budget and checked by <see cref="TokenRules"/>; one refresh after a 401. It
/// also knows every secret the client has seen, to redact them from server text.
/// </summary>
internal sealed class AuthStage
{
    private readonly CallControlTokenProvider? _tokens;
    private readonly string? _fixedToken;
    private readonly string? _fixedAuthorization;
    private volatile string? _recentToken;
    private volatile string? _previousToken;

    internal AuthStage(CallControlClientOptions options)
    {
        _tokens = options.TokenProvider;
        _fixedToken = options.AccessToken;
        _fixedAuthorization = _tokens is null ? "Bearer " + options.AccessToken : null;
    }

    /// <summary>True when a 401 is worth one refresh and one more send.</summary>
    internal bool CanRefresh => _tokens is { CanRefresh: true };

    /// <summary>The attempt's credential: the fixed token's header, or the provider's token.</summary>
    /// <exception cref="CallControlAuthenticationException">The provider failed or returned an unusable token.</exception>
    internal ValueTask<Credential> AuthorizeAsync(OperationRun run, CancellationToken token)
        => _tokens is null ? new(new Credential(_fixedAuthorization!, null)) : FromProviderAsync(run, refresh: null, token);

    /// <summary>After a 401 (which was not acted on): asks the provider for a new token in place of <paramref name="rejected"/>.</summary>
    /// <exception cref="CallControlAuthenticationException">The refresh failed.</exception>
    internal ValueTask<Credential> RefreshAsync(OperationRun run, string rejected, CancellationToken token)
        => FromProviderAsync(run, rejected, token);

    /// <summary>Server text with every secret this client knows taken out (<see cref="Redactor"/>).</summary>
    internal string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = Redactor.Redact(text, _fixedToken, _recentToken, _previousToken);
        if (_tokens is not null)
        {
            foreach (var secret in _tokens.HeldSecrets)
            {
                text = Redactor.Redact(text, secret);
            }
        }

        return text;
    }

    private async ValueTask<Credential> FromProviderAsync(OperationRun run, string? refresh, CancellationToken token)
    {
        var accessToken = await AskProviderAsync(run, refresh, token).ConfigureAwait(false);
        return new Credential("Bearer " + accessToken, accessToken);
    }

    /// <summary>
    /// Asks the token provider, bounded by <paramref name="token"/> even when the provider ignores it, and checks the
    /// token as every token is checked before it becomes a header. A failure is a typed authentication error.
    /// </summary>
    private async ValueTask<string> AskProviderAsync(OperationRun run, string? refresh, CancellationToken token)
    {
        string? accessToken;
        try
        {
            var pending = refresh is null ? _tokens!.GetTokenAsync(token) : _tokens!.RefreshTokenAsync(refresh, token);
            accessToken = pending.IsCompletedSuccessfully ? pending.Result : await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw ErrorMapper.TokenUnavailable(run.Operation, run.TrackingId, run.Attempts, refresh is not null,
                ex is CallControlException ? WithoutTrackingId(Text.Printable(Redact(ex.Message), 300)) : $"{_tokens!.GetType().Name} threw {ex.GetType().Name}", ex);
        }

        if (TokenRules.Problem(accessToken) is { } problem)
        {
            throw ErrorMapper.TokenUnavailable(run.Operation, run.TrackingId, run.Attempts, refresh is not null,
                $"{_tokens!.GetType().Name} returned a token that {problem}", null);
        }

        RememberToken(accessToken!);
        return accessToken!;
    }

    /// <summary>The provider's own message without its closing "TrackingID: ..." (the operation's TrackingID closes ours).</summary>
    private static string WithoutTrackingId(string message)
    {
        var at = message.LastIndexOf(" TrackingID:", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd().TrimEnd('.');
    }

    /// <summary>Keeps the provider's last two tokens, so a server that echoes one back cannot leak it through a message.</summary>
    private void RememberToken(string token)
    {
        if (!string.Equals(token, _recentToken, StringComparison.Ordinal))
        {
            _previousToken = _recentToken;
            _recentToken = token;
        }
    }
}

/// <summary>An attempt's Authorization header, and the provider's token in it (null for a fixed token: nothing to refresh).</summary>
internal readonly record struct Credential(string Header, string? Token);

using System.Net;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Internal;

// The stages of one attempt, in the order OperationExecutor.AttemptAsync runs them (docs/architecture.md): the gate,
// then (after the attempt's timeout starts) auth, then the send; after the answer, the gate is told what it was.
// The stages around them are types of their own too: BudgetScope (the operation's budget), RetryPipeline (Polly's
// retry: the classifier and the delay) and AttemptTimeout.

/// <summary>
/// The rate-limit gate before an attempt (wait while it is closed or for a turn in its pace, or fail at once when the
/// wait is longer than the call may wait) and after the answer (a 429's Retry-After, or a success).
/// </summary>
internal sealed class GateStage(CallControlRateLimitGate gate, CallControlRetryOptions retry, TimeProvider timeProvider, Func<double> random, ILogger logger)
{
    internal CallControlRateLimitGate Gate => gate;

    /// <returns>An exception when the gate would hold the call longer than the caller may wait; otherwise null, once the call may go.</returns>
    internal ValueTask<CallControlApiException?> WaitAsync(OperationState state, CancellationToken token)
        => gate.MayHold ? WaitAtGateAsync(state, token) : default;

    /// <summary>Tells the gate the attempt's answer: a 429 closes it (never longer than the client would wait), a 2xx counts for the pace.</summary>
    internal ValueTask ReportAsync(OperationState state, HttpResponseMessage response, CancellationToken token)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return state.RetryAfterOf(response) is { } retryAfter && retryAfter > TimeSpan.Zero
                ? gate.OnRateLimitedAsync(retryAfter, retry.MaxRetryAfter, token)
                : default;
        }

        if ((int)response.StatusCode is >= 200 and <= 299)
        {
            gate.OnSuccess();
        }

        return default;
    }

    /// <returns>An exception when the gate would hold the call longer than the caller may wait; otherwise null after waiting.</returns>
    private async ValueTask<CallControlApiException?> WaitAtGateAsync(OperationState state, CancellationToken token)
    {
        while (true)
        {
            var allowed = state.Remaining(timeProvider) is { } remaining && remaining < retry.MaxRetryAfter ? remaining : retry.MaxRetryAfter;
            var turn = await gate.RequestTurnAsync(allowed, token).ConfigureAwait(false);
            var wait = turn.Wait;
            if (wait <= TimeSpan.Zero)
            {
                return null;
            }

            // While closed, the server's own instant decides: a call that may not wait that long fails without sending,
            // also when the gate itself (capped at Retry.MaxRetryAfter) opens sooner.
            var asked = turn.Closed ? turn.ServerAskedFor : wait;
            if (wait > allowed || asked > allowed)
            {
                return ErrorMapper.GateClosed(state.Operation, state.TrackingId, asked > wait ? asked : wait, state.Attempts);
            }

            // Jitter spreads a herd released by the same Retry-After instant. A retry was jittered by the retry
            // decision already, and a turn in the pace is spread already.
            if (turn.Closed && state.Attempts == 0)
            {
                wait += RetryPipeline.MaxRetryAfterJitter * random();
            }

            Log.WaitingAtGate(logger, state.Operation.Name, (long)wait.TotalMilliseconds, state.TrackingId);
            Telemetry.GateWaits.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", state.Operation.Name));
            await Task.Delay(wait, timeProvider, token).ConfigureAwait(false);
            if (!turn.Closed && await gate.GetClosedForAsync(token).ConfigureAwait(false) <= TimeSpan.Zero)
            {
                // The turn was reserved and no 429 closed the gate meanwhile: go.
                return null;
            }

            // The gate opened (ask for a turn in the pace it learned), or closed again while this call waited its turn.
        }
    }
}

/// <summary>
/// The Authorization header of an attempt: the fixed token's (built once), or the provider's token, asked on every
/// attempt, bounded by the attempt and checked by <see cref="TokenRules"/>; one refresh after a 401. It also knows
/// every secret the client has seen, to redact them from server text.
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

    /// <summary>Sets the attempt's Authorization header.</summary>
    /// <returns>The provider's token (to refresh after a 401), or null for a fixed token.</returns>
    internal ValueTask<string?> AuthorizeAsync(OperationState state, CancellationToken token)
    {
        if (_tokens is null)
        {
            state.Authorization = _fixedAuthorization!;
            return default;
        }

        return FromProviderAsync(state, refresh: null, token);
    }

    /// <summary>After a 401 (which was not acted on): asks the provider for a new token in place of <paramref name="rejected"/>.</summary>
    internal async ValueTask RefreshAsync(OperationState state, string rejected, CancellationToken token)
        => await FromProviderAsync(state, rejected, token).ConfigureAwait(false);

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

    private async ValueTask<string?> FromProviderAsync(OperationState state, string? refresh, CancellationToken token)
    {
        var accessToken = await AskProviderAsync(state, refresh, token).ConfigureAwait(false);
        state.Authorization = "Bearer " + accessToken;
        return accessToken;
    }

    /// <summary>
    /// Asks the token provider, bounded by <paramref name="token"/> even when the provider ignores it, and checks the
    /// token as every token is checked before it becomes a header. A failure is a typed authentication error.
    /// </summary>
    private async ValueTask<string> AskProviderAsync(OperationState state, string? refresh, CancellationToken token)
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
            throw ErrorMapper.TokenUnavailable(state.Operation, state.TrackingId, state.Attempts, refresh is not null,
                ex is CallControlException ? WithoutTrackingId(Text.Printable(Redact(ex.Message), 300)) : $"{_tokens!.GetType().Name} threw {ex.GetType().Name}", ex);
        }

        if (TokenRules.Problem(accessToken) is { } problem)
        {
            throw ErrorMapper.TokenUnavailable(state.Operation, state.TrackingId, state.Attempts, refresh is not null,
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

/// <summary>One send of an attempt: counts it, gives a command a fresh content over the same bytes, and records whether it may have acted.</summary>
internal sealed class SendStage(ILogger logger)
{
    internal async ValueTask<HttpResponseMessage> SendAsync(OperationState state, CancellationToken token)
    {
        state.BeginSend();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.Sending(logger, state.Operation.Name, state.Operation.Method, state.Operation.Path, state.Attempts, state.TrackingId);
        }

        HttpResponseMessage response;
        try
        {
            response = await state.SendAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            state.EndSend(ex);
            throw;
        }

        state.EndSend();
        return response;
    }
}

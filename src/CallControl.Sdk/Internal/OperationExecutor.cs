using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace CallControl.Sdk.Internal;

/// <summary>
/// What one client (one token) shares across every call and every <see cref="HttpClient"/> it is given: validated
/// options, the retry pipeline, the rate-limit gate, the token provider and telemetry. It runs one API operation:
/// a tracking id kept on every attempt, the time budget, the gate, the retry pipeline, one token refresh after a 401,
/// and the mapping of the final outcome to a result or one of the SDK's exceptions.
/// </summary>
internal sealed class OperationExecutor
{
    private readonly CallControlClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RateLimitGate? _gate;
    private readonly Func<double> _random;
    private readonly CallControlTokenProvider? _tokens;
    private readonly ILogger _logger;
    private readonly string? _fixedAuthorization;

    /// <param name="options">Already validated (<see cref="CallControlClientOptions.Snapshot"/>).</param>
    /// <param name="random">The jitter source; tests pin it.</param>
    internal OperationExecutor(CallControlClientOptions options, Func<double>? random = null)
    {
        _options = options;
        _timeProvider = options.TimeProvider;
        _random = random ?? Random.Shared.NextDouble;
        _logger = options.LoggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _pipeline = RetryPipeline.Create(options.Retry, _timeProvider, _random, OnRetry);
        _gate = options.Retry.UseSharedRateLimitGate ? new RateLimitGate(_timeProvider) : null;
        // A fixed token needs no provider: its header value is built once. A provider is asked on every attempt.
        _tokens = options.TokenProvider;
        _fixedAuthorization = _tokens is null ? "Bearer " + options.AccessToken : null;
    }

    internal CallControlClientOptions Options => _options;

    internal async Task<TResult> ExecuteAsync<TBody, TResult>(
        IWebexCallControlApi api,
        Operation operation,
        string? trackingId,
        TBody body,
        Func<IWebexCallControlApi, TBody, OperationState, CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, OperationState, CancellationToken, ValueTask<TResult>> onSuccess,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        var timeout = _options.Timeout;
        var hasBudget = timeout != Timeout.InfiniteTimeSpan;
        var state = new OperationState<TBody>(operation, trackingId ?? SdkInfo.NewTrackingId(), hasBudget ? timeout : null, started, body, send)
        {
            Api = api,
            Executor = this,
        };

        using var activity = CallControlTelemetry.Source.HasListeners() ? StartActivity(operation, state) : null;
        using var budget = BudgetScope.Start(cancellationToken, hasBudget ? timeout : Timeout.InfiniteTimeSpan, _timeProvider);

        var context = ResilienceContextPool.Shared.Get(budget.Token);
        context.Properties.Set(RetryPipeline.StateKey, state);
        HttpResponseMessage? response = null;
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                throw Map(exception, state, cancellationToken, budget.Token);
            }

            response = outcome.Result!;
            if ((int)response.StatusCode is >= 200 and <= 299)
            {
                var result = await onSuccess(response, state, budget.Token).ConfigureAwait(false);
                Completed(operation, state, activity, started, (int)response.StatusCode, null);
                return result;
            }

            var failure = await ErrorMapper.FromResponseAsync(response, operation, state.TrackingId, _timeProvider.GetUtcNow(), state.Attempts, budget.Token).ConfigureAwait(false);
            response = null;
            throw failure;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            var mapped = ErrorMapper.Timeout(ex, operation, state.TrackingId, timeout, state.InFlight, state.Attempts);
            Completed(operation, state, activity, started, null, mapped);
            throw mapped;
        }
        catch (Exception ex) when (ex is CallControlException or OperationCanceledException)
        {
            Completed(operation, state, activity, started, (ex as CallControlApiException)?.StatusCode is { } s ? (int)s : null, ex);
            throw;
        }
        finally
        {
            response?.Dispose();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    internal void WarnCreatedWithoutIds(OperationState state) => Log.CreatedWithoutIds(_logger, state.Operation.Name, state.TrackingId);

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context)
    {
        var state = context.Properties.GetValue(RetryPipeline.StateKey, null!);
        var operationToken = context.CancellationToken;
        AttemptTimeout? attemptTimeout = null;
        try
        {
            // The wait at the gate runs on the operation's budget, not on an attempt's timeout.
            if (_gate is { EverClosed: true } && await WaitAtGateAsync(state, operationToken).ConfigureAwait(false) is { } closed)
            {
                return Outcome.FromException<HttpResponseMessage>(closed);
            }

            // A query's attempt has its own timeout, so a hung GET is retried within the operation's budget. A
            // command's attempt has none: a command that timed out may have been carried out and is never resent.
            attemptTimeout = state.Operation.IsCommand ? null : AttemptTimeout.Start(operationToken, _options.Retry.QueryAttemptTimeout, _timeProvider);
            var token = attemptTimeout?.Token ?? operationToken;

            string? accessToken = null;
            if (_tokens is null)
            {
                state.Authorization = _fixedAuthorization!;
            }
            else
            {
                accessToken = await _tokens.GetTokenAsync(token).ConfigureAwait(false);
                state.Authorization = "Bearer " + accessToken;
            }

            var response = await SendOnceAsync(state, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && _tokens is { CanRefresh: true } && accessToken is not null)
            {
                // A 401 was not acted on: refresh once and send once more, even for a command.
                Log.RefreshingAfter401(_logger, state.Operation.Name, state.TrackingId);
                response.Dispose();
                accessToken = await _tokens.RefreshTokenAsync(accessToken, token).ConfigureAwait(false);
                state.Authorization = "Bearer " + accessToken;
                response = await SendOnceAsync(state, token).ConfigureAwait(false);
            }

            if (_gate is not null)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var now = _timeProvider.GetUtcNow();
                    if (RetryAfterParser.Parse(response, now) is { } retryAfter && retryAfter > TimeSpan.Zero)
                    {
                        _gate.OnRateLimited(now, retryAfter);
                    }
                }
                else if ((int)response.StatusCode is >= 200 and <= 299)
                {
                    _gate.OnSuccess();
                }
            }

            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException ex) when (!state.Operation.IsCommand && !operationToken.IsCancellationRequested
            && (attemptTimeout?.TimedOut == true || ex.InnerException is TimeoutException))
        {
            // This query attempt timed out (ours, or a caller-owned HttpClient's own Timeout): retryable.
            return Outcome.FromException<HttpResponseMessage>(new TimeoutException(
                $"The {state.Operation.Name} attempt timed out (Retry.QueryAttemptTimeout of {_options.Retry.QueryAttemptTimeout.TotalSeconds:0.###} s, or the HttpClient's own Timeout).", ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.InFlight = state.InFlight && !ErrorMapper.ProvablyNotSent(ex);
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            attemptTimeout?.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(OperationState state, CancellationToken token)
    {
        state.Attempts++;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Sending(_logger, state.Operation.Name, state.Operation.Method, state.Operation.Path, state.Attempts, state.TrackingId);
        }

        state.InFlight = true;
        var response = await state.SendAsync(state.Api, token).ConfigureAwait(false);
        state.InFlight = false;
        return response;
    }

    /// <returns>An exception when the gate would hold the call longer than the caller may wait; otherwise null after waiting.</returns>
    private async ValueTask<CallControlApiException?> WaitAtGateAsync(OperationState state, CancellationToken token)
    {
        while (true)
        {
            var allowed = state.Remaining(_timeProvider) is { } remaining && remaining < _options.Retry.MaxRetryAfter ? remaining : _options.Retry.MaxRetryAfter;
            var wait = _gate!.Reserve(_timeProvider.GetUtcNow(), allowed, out var closed);
            if (wait <= TimeSpan.Zero)
            {
                return null;
            }

            if (wait > allowed)
            {
                return ErrorMapper.GateClosed(state.Operation, state.TrackingId, wait, state.Attempts);
            }

            // Jitter spreads a herd released by the same Retry-After instant. A retry was jittered by the retry
            // decision already, and a turn in the pace is spread already.
            if (closed && state.Attempts == 0)
            {
                wait += RetryPipeline.MaxRetryAfterJitter * _random();
            }

            Log.WaitingAtGate(_logger, state.Operation.Name, (long)wait.TotalMilliseconds, state.TrackingId);
            CallControlTelemetry.GateWaits.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", state.Operation.Name));
            await Task.Delay(wait, _timeProvider, token).ConfigureAwait(false);
            if (!closed && _gate.ClosedFor(_timeProvider.GetUtcNow()) <= TimeSpan.Zero)
            {
                // The turn was reserved and no 429 closed the gate meanwhile: go.
                return null;
            }

            // The gate opened (ask for a turn in the pace it learned), or closed again while this call waited its turn.
        }
    }

    private void OnRetry(OperationState state, Outcome<HttpResponseMessage> outcome, TimeSpan delay)
    {
        var what = outcome.Exception is { } ex ? ex.GetType().Name : ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Log.Retrying(_logger, state.Operation.Name, what, state.Attempts, (long)delay.TotalMilliseconds, state.TrackingId);
        CallControlTelemetry.Delays.Record(delay.TotalSeconds, new KeyValuePair<string, object?>("callcontrol.operation", state.Operation.Name), new KeyValuePair<string, object?>("callcontrol.retry.reason", what));
    }

    private Exception Map(Exception exception, OperationState state, CancellationToken callerToken, CancellationToken budgetToken)
    {
        switch (exception)
        {
            case CallControlException:
                return exception;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                ExceptionDispatchInfo.Throw(exception);
                return exception;
            case TimeoutException when !state.Operation.IsCommand:
                return ErrorMapper.Timeout(exception, state.Operation, state.TrackingId, null, state.InFlight, state.Attempts,
                    which: $"each attempt's Retry.QueryAttemptTimeout of {_options.Retry.QueryAttemptTimeout.TotalSeconds:0.###} s or the HttpClient's own Timeout");
            case OperationCanceledException:
                // Our budget, or the caller-owned HttpClient's own Timeout (TaskCanceledException with an inner TimeoutException).
                return ErrorMapper.Timeout(exception, state.Operation, state.TrackingId, budgetToken.IsCancellationRequested ? _options.Timeout : null, state.InFlight, state.Attempts);
            default:
                return ErrorMapper.FromTransport(exception, state.Operation, state.TrackingId, state.Attempts);
        }
    }

    private static Activity? StartActivity(Operation operation, OperationState state)
    {
        var activity = CallControlTelemetry.Source.StartActivity(operation.ActivityName, ActivityKind.Client);
        activity?.SetTag("callcontrol.operation", operation.Name);
        activity?.SetTag("callcontrol.tracking_id", state.TrackingId);
        activity?.SetTag("http.request.method", operation.Method);
        return activity;
    }

    private void Completed(Operation operation, OperationState state, Activity? activity, long started, int? statusCode, Exception? failure)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        if (CallControlTelemetry.Duration.Enabled || CallControlTelemetry.Attempts.Enabled)
        {
            // Guarded: building the tags boxes the status code, a cost every call would pay with no listener.
            var operationTag = new KeyValuePair<string, object?>("callcontrol.operation", operation.Name);
            var outcomeTag = new KeyValuePair<string, object?>("callcontrol.outcome", failure is null ? "success" : failure is OperationCanceledException ? "cancelled" : (failure as CallControlException)?.OutcomeUnknown == true ? "unknown" : "failure");
            CallControlTelemetry.Duration.Record(elapsed.TotalSeconds, operationTag, outcomeTag, new KeyValuePair<string, object?>("http.response.status_code", statusCode));
            CallControlTelemetry.Attempts.Record(state.Attempts, operationTag, outcomeTag);
        }

        if (failure is null)
        {
            Log.Succeeded(_logger, operation.Name, statusCode ?? 0, state.Attempts, (long)elapsed.TotalMilliseconds, state.TrackingId);
        }
        else if (failure is not OperationCanceledException)
        {
            Log.Failed(_logger, operation.Name, statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().Name, state.Attempts, (long)elapsed.TotalMilliseconds, (failure as CallControlException)?.OutcomeUnknown == true, state.TrackingId);
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("callcontrol.attempts", state.Attempts);
        if (statusCode is { } code)
        {
            activity.SetTag("http.response.status_code", code);
        }

        if (failure is not null)
        {
            activity.SetTag("error.type", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().FullName);
            activity.SetTag("callcontrol.outcome_unknown", (failure as CallControlException)?.OutcomeUnknown == true);
            activity.SetStatus(ActivityStatusCode.Error, failure is CallControlException ? $"{operation.Name} failed" : "cancelled");
        }
    }
}

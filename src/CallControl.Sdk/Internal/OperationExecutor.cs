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
    private readonly LazyRetryPipeline _pipeline;
    private readonly bool _everyAttemptInPolly;
    private readonly GateStage? _gate;
    private readonly AuthStage _auth;
    private readonly SendStage _send;
    private readonly Func<double> _random;
    private readonly ILogger _logger;
    private readonly Func<string?, string?> _redact;

    /// <summary>
    /// One attempt, as Polly calls it: made once per executor (when Polly first runs), so no call allocates a delegate.
    /// When Polly takes over from a first answer, its first call hands that answer back (<see cref="OperationState.Replay"/>).
    /// </summary>
    private Func<ResilienceContext, OperationState, ValueTask<Outcome<HttpResponseMessage>>>? _attempt;

    /// <param name="options">Already validated (<see cref="CallControlClientOptions.Snapshot"/>).</param>
    /// <param name="random">The jitter source; tests pin it.</param>
    /// <param name="pipeline">A retry pipeline (built when first needed) for the same retry options and logger, to share (per-user clients of one registration).</param>
    /// <param name="gate">The in-process gate to keep (a reload keeps what the old executor learned).</param>
    internal OperationExecutor(CallControlClientOptions options, Func<double>? random, LazyRetryPipeline? pipeline = null, CallControlRateLimitGate? gate = null)
    {
        TelemetryStart.InBackground();
        _options = options;
        _timeProvider = options.TimeProvider;
        _random = random ?? NextJitter;
        _logger = options.LoggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _pipeline = pipeline ?? new(options.Retry, _timeProvider, _random, _logger);

        // Strategies of the caller's own (Retry.ConfigurePipeline) wrap every attempt, and are built now, so a mistake in
        // them surfaces here. Without them, Polly's pipeline is built when an answer is first retried.
        _everyAttemptInPolly = options.Retry.HasOwnStrategies;
        if (_everyAttemptInPolly)
        {
            _pipeline.EnsureBuilt();
        }

        var chosenGate = options.RateLimitGate ?? (options.Retry.UseSharedRateLimitGate ? gate ?? new RateLimitGate(_timeProvider, options.Retry.Pacing) : null);
        _gate = chosenGate is null ? null : new GateStage(chosenGate, options.Retry, _timeProvider, _random, _logger);
        if (options.RateLimitGate is { } chosen)
        {
            chosen.OnAttached(new CallControlRateLimitGateContext(_timeProvider, options.LoggerFactory, options.AccessToken is { } fixedToken ? TokenRules.OwnerId(fixedToken) : null, options.Retry.Pacing));
        }

        _auth = new AuthStage(options);
        _send = new SendStage(_logger);
        _redact = _auth.Redact;
    }

    /// <summary>Builds the executor of a client with its own options.</summary>
    /// <param name="options">Already validated (<see cref="CallControlClientOptions.Snapshot"/>).</param>
    internal OperationExecutor(CallControlClientOptions options)
        : this(options, null)
    {
    }

    internal CallControlClientOptions Options => _options;

    /// <summary>The retry pipeline, for per-user executors of the same registration to share.</summary>
    internal LazyRetryPipeline Pipeline => _pipeline;

    /// <summary>The rate-limit gate (one per token), or null when switched off.</summary>
    internal CallControlRateLimitGate? Gate => _gate?.Gate;

    /// <summary>The in-process gate a reload keeps (an explicit gate comes from the options instead).</summary>
    internal CallControlRateLimitGate? OwnGate => _options.RateLimitGate is null ? _gate?.Gate : null;


    /// <summary>Runs one operation: <paramref name="request"/> on every attempt, <paramref name="reader"/> on its success.</summary>
    internal async Task<TResult> ExecuteAsync<TResult>(ClientTransport transport, ApiRequest request, AnswerReader<TResult> reader, CancellationToken cancellationToken)
    {
        var operation = request.Operation;
        var trackingId = request.TrackingId;
        var redact = RedactorFor(request.Secret);
        ObjectDisposedException.ThrowIf(transport.Lifetime.IsCancellationRequested, typeof(CallControlClient));
        if (!transport.Guarded && !ReferenceEquals(transport.Http.BaseAddress, transport.CheckedBaseAddress) && UriRules.Problem(transport.Http.BaseAddress) is { } insecure)
        {
            // A caller-owned HttpClient whose BaseAddress changed since the client was built (the guard checks guarded pipelines per request).
            throw new CallControlException($"The Webex Call Control {operation.Name} was not sent: HttpClient.BaseAddress: {insecure}.", trackingId, outcomeUnknown: false) { Attempts = 0 };
        }

        var started = _timeProvider.GetTimestamp();
        var timeout = _options.Timeout;
        var hasBudget = timeout != Timeout.InfiniteTimeSpan;
        var state = new OperationState(request, trackingId ?? SdkInfo.NewTrackingId(), hasBudget ? timeout : null, started, transport);

        using var activity = Telemetry.Source.HasListeners() ? StartActivity(operation, state) : null;
        if (cancellationToken.IsCancellationRequested)
        {
            var canceled = ErrorMapper.Canceled(null, operation, state.TrackingId, 0, mayHaveActed: false, cancellationToken);
            Completed(operation, state, activity, started, null, canceled);
            throw canceled;
        }

        using var budget = BudgetScope.Start(cancellationToken, transport.Lifetime, hasBudget ? timeout : Timeout.InfiniteTimeSpan, _timeProvider);
        HttpResponseMessage? response = null;
        try
        {
            var outcome = await AttemptsAsync(state, budget.Token).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                throw Map(exception, state, cancellationToken, budget, redact);
            }

            response = outcome.Response!;
            if ((int)response.StatusCode is >= 200 and <= 299)
            {
                var result = await reader.ReadAsync(new Answer(response, operation, state.TrackingId, state.Attempts, state.QueryAnswer, transport.Http.BaseAddress, _logger), budget.Token).ConfigureAwait(false);
                Completed(operation, state, activity, started, (int)response.StatusCode, null);
                return result;
            }

            // An answer a strategy of Retry.ConfigurePipeline made up was not seen by the attempt: its header is read here.
            var retryAfter = ReferenceEquals(state.LastError.Response, response) ? state.LastError.RetryAfter : RetryAfterParser.Parse(response, _timeProvider.GetUtcNow());
            var failure = await ErrorMapper.FromResponseAsync(response, retryAfter, operation, state.TrackingId, state.Attempts, state.MayHaveActed, redact, budget.Token).ConfigureAwait(false);
            response = null;
            throw failure;
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested && ex is not CallControlOperationCanceledException)
        {
            // Cancelled outside the pipeline (reading a success or error body): the caller, disposal or the budget.
            var mapped = Map(ex, state, cancellationToken, budget, redact);
            Completed(operation, state, activity, started, null, mapped);
            throw mapped;
        }
        catch (Exception ex) when (ex is CallControlException or OperationCanceledException or ObjectDisposedException)
        {
            Completed(operation, state, activity, started, (ex as CallControlApiException)?.StatusCode is { } s ? (int)s : null, ex);
            throw;
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>
    /// Every attempt of one operation, and the retry decisions between them. Without strategies of the caller's own,
    /// the first attempt runs as it is, and Polly's retry takes over only when that answer is to be retried (the
    /// classifier, <see cref="RetryPipeline.ShouldRetry"/>, says so): a first answer that is final, the usual case,
    /// costs no Polly at all, and a process whose calls succeed never builds the pipeline. Polly starts from that
    /// answer (its first call of <see cref="_attempt"/> hands it back), so the classifier, the delay, the backoff, the
    /// count of retries and the disposal of the discarded answer are Polly's, as if it had run the first attempt too.
    /// </summary>
    private async ValueTask<AttemptResult> AttemptsAsync(OperationState state, CancellationToken token)
    {
        if (_everyAttemptInPolly)
        {
            return await RetryAsync(state, token).ConfigureAwait(false);
        }

        AttemptResult first;
        try
        {
            first = await AttemptAsync(state, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // As Polly would hold it: the mapping of exceptions happens once, on the final outcome.
            first = AttemptResult.Failed(ex);
        }

        if (_options.Retry.MaxRetryAttempts == 0 || token.IsCancellationRequested || !RetryPipeline.ShouldRetry(first, 0, state, _options.Retry, _timeProvider))
        {
            return first;
        }

        state.Replay(first);
        return await RetryAsync(state, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Polly's retry, from a first answer handed back (<see cref="OperationState.Replay"/>) or from the start. Its own
    /// method, so that the code of an operation whose first answer is final never names a Polly type.
    /// </summary>
    private async ValueTask<AttemptResult> RetryAsync(OperationState state, CancellationToken token)
    {
        var attempt = _attempt ??= (context, s) => s.TakeReplay() is { } first ? new(RetryPipeline.ToOutcome(first)) : AttemptOutcomeAsync(s, context.CancellationToken);
        var context = ResilienceContextPool.Shared.Get(token);
        context.Properties.Set(RetryPipeline.StateKey, state);
        try
        {
            return RetryPipeline.FromOutcome(await _pipeline.Value.ExecuteOutcomeAsync(attempt, context, state).ConfigureAwait(false));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptOutcomeAsync(OperationState state, CancellationToken token)
        => RetryPipeline.ToOutcome(await AttemptAsync(state, token).ConfigureAwait(false));

    private async ValueTask<AttemptResult> AttemptAsync(OperationState state, CancellationToken operationToken)
    {
        AttemptTimeout? attemptTimeout = null;
        HttpResponseMessage? response = null;
        try
        {
            // 1. The gate, on the operation's budget (not on an attempt's timeout).
            if (_gate is not null && await _gate.WaitAsync(state, operationToken).ConfigureAwait(false) is { } closed)
            {
                return AttemptResult.Failed(closed);
            }

            // 2. The attempt's timeout: a query's attempt has one, so a hung GET is retried within the operation's
            // budget. A command's attempt has none: a command that timed out may have been carried out and is never resent.
            attemptTimeout = state.Operation.IsCommand ? null : AttemptTimeout.Start(operationToken, _options.Retry.QueryAttemptTimeout, _timeProvider);
            var token = attemptTimeout?.Token ?? operationToken;

            // 3. Auth, then 4. the send; a 401 was not acted on: one refresh and one more send, even for a command.
            var accessToken = await _auth.AuthorizeAsync(state, token).ConfigureAwait(false);
            response = await _send.SendAsync(state, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && _auth.CanRefresh && accessToken is not null)
            {
                Log.RefreshingAfter401(_logger, state.Operation.Name, state.TrackingId);
                response.Dispose();
                response = null;
                await _auth.RefreshAsync(state, accessToken, token).ConfigureAwait(false);
                response = await _send.SendAsync(state, token).ConfigureAwait(false);
            }

            // 5. The answer. A query's is read inside its attempt: a body that stalls is cut by the attempt's timeout and retried.
            if (!state.Operation.IsCommand && (int)response.StatusCode is >= 200 and <= 299)
            {
                state.ReadingAnswer = true;
                state.QueryAnswer = await BoundedBody.ReadAsync(response.Content, SuccessReader.MaxQueryBodyBytes, token).ConfigureAwait(false);
                state.ReadingAnswer = false;
            }

            if ((int)response.StatusCode is < 200 or > 299)
            {
                // An error answer's Retry-After is parsed once, here; the retry decision, the gate and the exception read it.
                state.Answered(response, RetryAfterParser.Parse(response, _timeProvider.GetUtcNow()));
            }

            if (_gate is not null)
            {
                await _gate.ReportAsync(state, response, operationToken).ConfigureAwait(false);
            }

            var answered = response;
            response = null;
            return AttemptResult.Answered(answered);
        }
        catch (OperationCanceledException ex) when (!state.Operation.IsCommand && !operationToken.IsCancellationRequested
            && (attemptTimeout?.TimedOut == true || ex.InnerException is TimeoutException))
        {
            // This query attempt timed out (ours, or a caller-owned HttpClient's own Timeout): retryable.
            var where = state.ReadingAnswer ? "reading the answer" : "waiting for the answer";
            state.LastAttemptTimedOutReading = state.ReadingAnswer;
            state.ReadingAnswer = false;
            return AttemptResult.Failed(new TimeoutException(
                $"The {state.Operation.Name} attempt timed out {where} (Retry.QueryAttemptTimeout of {_options.Retry.QueryAttemptTimeout.TotalSeconds:0.###} s, or the HttpClient's own Timeout).", ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A query body that broke off mid-read: the query is retried like any lost connection.
            state.ReadingAnswer = false;
            return AttemptResult.Failed(ex);
        }
        finally
        {
            response?.Dispose();
            attemptTimeout?.Dispose();
        }
    }


    // A method, not Random.Shared.NextDouble: the delegate then loads Random only when a retry or a gate first jitters.
    private static double NextJitter() => Random.Shared.NextDouble();

    /// <summary>The redaction of server text; a secret the request carries (a webhook's) is redacted too, should the server echo it.</summary>
    private Func<string?, string?> RedactorFor(string? secret)
    {
        // Its own method: a lambda capturing the secret in ExecuteAsync would cost every operation a closure.
        if (secret is null)
        {
            return _redact;
        }

        var redact = _redact;
        return text => Redactor.Redact(redact(text), secret);
    }

    private Exception Map(Exception exception, OperationState state, CancellationToken callerToken, in BudgetScope budget, Func<string?, string?> redact)
    {
        if (exception is CallControlException or CallControlOperationCanceledException)
        {
            return exception;
        }

        var operation = state.Operation;
        if (state.Transport.Lifetime.IsCancellationRequested && exception is OperationCanceledException or ObjectDisposedException)
        {
            return ErrorMapper.Disposed(operation, state.TrackingId, state.Attempts, state.MayHaveActed);
        }

        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            var canceled = ErrorMapper.Canceled(exception, operation, state.TrackingId, state.Attempts, state.MayHaveActed, callerToken);
            Log.Canceled(_logger, state.MayHaveActed ? LogLevel.Warning : LogLevel.Information, operation.Name, state.Attempts, state.MayHaveActed, state.TrackingId);
            return canceled;
        }

        var phase = state.ReadingAnswer ? ErrorMapper.TimeoutPhase.ReadingAnswer : state.InFlight || state.MayHaveActed ? ErrorMapper.TimeoutPhase.AwaitingAnswer : ErrorMapper.TimeoutPhase.NotSending;
        switch (exception)
        {
            case TimeoutException when !operation.IsCommand:
                return ErrorMapper.Timeout(exception, operation, state.TrackingId, null, state.LastAttemptTimedOutReading ? ErrorMapper.TimeoutPhase.ReadingAnswer : ErrorMapper.TimeoutPhase.AwaitingAnswer, false, state.Attempts,
                    which: $"each of {state.Attempts} attempt(s) ran out of its Retry.QueryAttemptTimeout of {_options.Retry.QueryAttemptTimeout.TotalSeconds:0.###} s or the HttpClient's own Timeout");
            case OperationCanceledException:
                // Our budget, or the caller-owned HttpClient's own Timeout (TaskCanceledException with an inner TimeoutException).
                return ErrorMapper.Timeout(exception, operation, state.TrackingId, budget.IsCancellationRequested ? _options.Timeout : null, phase, state.MayHaveActed, state.Attempts);
            default:
                if (exception is Http.CommandResendRefusedException)
                {
                    Log.ResendRefused(_logger, operation.Name, state.MayHaveActed, state.TrackingId);
                }

                return ErrorMapper.FromTransport(exception, operation, state.TrackingId, state.Attempts, state.MayHaveActed, redact);
        }
    }

    private static Activity? StartActivity(Operation operation, OperationState state)
    {
        // Internal: this span is the logical operation; the HttpClient's spans below it are the Client spans, one per attempt.
        var activity = Telemetry.Source.StartActivity(operation.ActivityName, ActivityKind.Internal);
        activity?.SetTag("callcontrol.operation", operation.Name);
        activity?.SetTag("callcontrol.tracking_id", state.TrackingId);
        activity?.SetTag("http.request.method", operation.Method);
        return activity;
    }

    private void Completed(Operation operation, OperationState state, Activity? activity, long started, int? statusCode, Exception? failure)
    {
        var metrics = Telemetry.Duration.Enabled || Telemetry.Attempts.Enabled;
        var logged = failure is not null || _logger.IsEnabled(LogLevel.Information);

        // The clock is read only when a metric or a log line will carry the duration.
        var elapsed = metrics || logged ? _timeProvider.GetElapsedTime(started) : TimeSpan.Zero;
        if (metrics)
        {
            // Guarded: building the tags boxes the status code, a cost every call would pay with no listener.
            var operationTag = new KeyValuePair<string, object?>("callcontrol.operation", operation.Name);
            var outcomeTag = new KeyValuePair<string, object?>("callcontrol.outcome", OutcomeName(failure));
            if (statusCode is { } status)
            {
                Telemetry.Duration.Record(elapsed.TotalSeconds, operationTag, outcomeTag, new KeyValuePair<string, object?>("http.response.status_code", status));
            }
            else
            {
                // No status (a transport failure, a cancellation): the tag is left out, never recorded empty.
                Telemetry.Duration.Record(elapsed.TotalSeconds, operationTag, outcomeTag);
            }

            Telemetry.Attempts.Record(state.Attempts, operationTag, outcomeTag);
        }

        if (failure is null && logged)
        {
            Log.Succeeded(_logger, operation.Name, statusCode ?? 0, state.Attempts, (long)elapsed.TotalMilliseconds, state.TrackingId);
        }
        else if (failure is not (null or OperationCanceledException))
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

        if (failure is OperationCanceledException)
        {
            // The caller's choice, not an error (OpenTelemetry): the status stays Unset; the outcome says what happened.
            activity.SetTag("callcontrol.outcome", OutcomeName(failure));
            activity.SetTag("callcontrol.outcome_unknown", (failure as CallControlOperationCanceledException)?.OutcomeUnknown == true);
        }
        else if (failure is not null)
        {
            activity.SetTag("error.type", statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failure.GetType().FullName);
            activity.SetTag("callcontrol.outcome_unknown", (failure as CallControlException)?.OutcomeUnknown == true);
            activity.SetStatus(ActivityStatusCode.Error, $"{operation.Name} failed");
        }
    }

    private static string OutcomeName(Exception? failure) => failure switch
    {
        null => "success",
        CallControlOperationCanceledException { OutcomeUnknown: true } => "cancelled_unknown",
        OperationCanceledException => "cancelled",
        ObjectDisposedException => "disposed",
        CallControlException { OutcomeUnknown: true } => "unknown",
        _ => "failure",
    };
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Runs one API operation for one client (one token): the operation's budget, Polly's retry around
/// <see cref="AttemptPipeline"/> (auth, gate, send), and the final outcome turned into a result or one of the SDK's
/// exceptions (<see cref="ErrorMapper"/>); <see cref="OperationTelemetry"/> observes it. Built once per client, and
/// again for a reloaded DI registration, from validated options.
/// </summary>
internal sealed class OperationExecutor
{
    private readonly CallControlClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly AttemptPipeline _attempt;
    private readonly OperationTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Func<string?, string?> _redact;

    /// <param name="options">Already validated (<see cref="CallControlClientOptions.Snapshot"/>).</param>
    /// <param name="random">The jitter source; tests pin it.</param>
    /// <param name="retry">The retry policy to share (per-user clients of one registration); null to build one.</param>
    /// <param name="gate">The in-process gate to keep (a reload keeps what the old executor learned).</param>
    internal OperationExecutor(CallControlClientOptions options, Func<double>? random = null, RetryPolicy? retry = null, CallControlRateLimitGate? gate = null)
    {
        TelemetryStart.InBackground();
        _options = options;
        _timeProvider = options.TimeProvider;
        random ??= NextJitter;
        _logger = options.LoggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        Retry = retry ?? new RetryPolicy(options.Retry, _timeProvider, random, _logger);

        var chosenGate = options.RateLimitGate ?? (options.Retry.UseSharedRateLimitGate ? gate ?? new InProcessRateLimitGate(_timeProvider) : null);
        if (options.RateLimitGate is { } chosen)
        {
            GateModes.Add(chosen);
            chosen.OnAttached(new CallControlRateLimitGateContext(_timeProvider, options.LoggerFactory, options.AccessToken is { } fixedToken ? TokenRules.OwnerId(fixedToken) : null, options.Retry.Pacing));
        }

        _attempt = new AttemptPipeline(
            new AuthStage(options),
            chosenGate is null ? null : new GateStage(chosenGate, options.Retry, _timeProvider, random, _logger),
            new SendStage(options.Retry, _timeProvider, Retry.CallerStrategies, _logger),
            _logger);
        _telemetry = new OperationTelemetry(_logger, _timeProvider);
        _redact = _attempt.Auth.Redact;
    }

    internal CallControlClientOptions Options => _options;

    /// <summary>The client's logger (the SDK's category).</summary>
    internal ILogger Logger => _logger;

    /// <summary>The retry policy, for per-user executors of the same registration to share.</summary>
    internal RetryPolicy Retry { get; }

    /// <summary>The rate-limit gate (one per token), or null when switched off.</summary>
    internal CallControlRateLimitGate? Gate => _attempt.Gate?.Gate;

    /// <summary>The in-process gate a reload keeps (an explicit gate comes from the options instead).</summary>
    internal CallControlRateLimitGate? OwnGate => _options.RateLimitGate is null ? Gate : null;

    /// <summary>Runs one operation: <paramref name="request"/> on every attempt, <paramref name="reader"/> on its success.</summary>
    internal async Task<TResult> ExecuteAsync<TResult>(ClientTransport transport, ApiRequest request, AnswerReader<TResult> reader, CancellationToken cancellationToken)
    {
        var operation = request.Operation;
        ObjectDisposedException.ThrowIf(transport.Lifetime.IsCancellationRequested, typeof(CallControlClient));
        if (!transport.Guarded && !ReferenceEquals(transport.Http.BaseAddress, transport.CheckedBaseAddress) && UriRules.Problem(transport.Http.BaseAddress) is { } insecure)
        {
            // A caller-owned HttpClient whose BaseAddress changed since the client was built (the guard checks guarded pipelines per request).
            throw new CallControlException($"The Webex Call Control {operation.Name} was not sent: HttpClient.BaseAddress: {insecure}.", request.TrackingId, outcomeUnknown: false) { Attempts = 0 };
        }

        var hasBudget = _options.Timeout != Timeout.InfiniteTimeSpan;
        var run = new OperationRun(request, request.TrackingId ?? SdkInfo.NewTrackingId(), hasBudget ? _options.Timeout : null, _timeProvider.GetTimestamp(), transport, _attempt);
        var redact = RedactorFor(request.Secret);
        using var activity = OperationTelemetry.Start(run);
        if (cancellationToken.IsCancellationRequested)
        {
            var canceled = ErrorMapper.Canceled(null, operation, run.TrackingId, 0, mayHaveActed: false, cancellationToken);
            _telemetry.Completed(run, activity, null, canceled);
            throw Stamped(canceled, run);
        }

        using var budget = BudgetScope.Start(cancellationToken, transport.Lifetime, _options.Timeout, _timeProvider);
        AttemptOutcome? outcome = null;
        try
        {
            outcome = await Retry.RunAsync(run, budget.Token).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                throw Map(exception, outcome.Phase, run, cancellationToken, budget.IsCancellationRequested, redact);
            }

            if (outcome.IsSuccess)
            {
                var result = await reader.ReadAsync(new Answer(outcome.Response!, operation, run.TrackingId, run.Attempts, outcome.QueryBody, transport.Http.BaseAddress, _logger), budget.Token).ConfigureAwait(false);
                _telemetry.Completed(run, activity, (int)outcome.Response!.StatusCode, null);
                return result;
            }

            throw await ErrorMapper.FromResponseAsync(outcome.TakeResponse(), outcome.RetryAfter, operation, run.TrackingId, run.Attempts, run.MayHaveActed, redact, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (budget.IsCancellationRequested && ex is not CallControlOperationCanceledException)
        {
            // Cancelled while reading a success or error body: the caller, disposal or the budget.
            var mapped = Map(ex, outcome?.Phase ?? ErrorMapper.TimeoutPhase.NotSending, run, cancellationToken, budgetExpired: true, redact);
            _telemetry.Completed(run, activity, null, mapped);
            throw Stamped(mapped, run);
        }
        catch (Exception ex) when (ex is CallControlException or OperationCanceledException or ObjectDisposedException)
        {
            _telemetry.Completed(run, activity, (ex as CallControlApiException)?.StatusCode is { } s ? (int)s : null, ex);
            Stamped(ex, run);
            throw;
        }
        finally
        {
            outcome?.Dispose();
        }
    }

    /// <summary>Records on a command's failure what it was and which client sent it, so the client can resolve its outcome.</summary>
    private Exception Stamped(Exception failure, OperationRun run)
    {
        if (run.Request.Source is not null)
        {
            var command = new FailedCommand(run.Request, run.Transport, _timeProvider.GetTimestamp(), _timeProvider.GetUtcNow());
            switch (failure)
            {
                case CallControlException c:
                    c.Command ??= command;
                    break;
                case CallControlOperationCanceledException o:
                    o.Command ??= command;
                    break;
            }
        }

        return failure;
    }

    // A method, not Random.Shared.NextDouble: the delegate then loads Random only when a retry or a gate first jitters.
    private static double NextJitter() => Random.Shared.NextDouble();

    /// <summary>The redaction of server text; a secret the request carries (a webhook's) is redacted too, should the server echo it.</summary>
    private Func<string?, string?> RedactorFor(string? secret)
    {
        var redact = _redact;
        return secret is null ? redact : text => Redactor.Redact(redact(text), secret);
    }

    /// <summary>An exception that ended the operation without an answer, as the SDK's own.</summary>
    private Exception Map(Exception exception, ErrorMapper.TimeoutPhase phase, OperationRun run, CancellationToken callerToken, bool budgetExpired, Func<string?, string?> redact)
    {
        if (exception is CallControlException or CallControlOperationCanceledException)
        {
            return exception;
        }

        var operation = run.Operation;
        if (run.Transport.Lifetime.IsCancellationRequested && exception is OperationCanceledException or ObjectDisposedException)
        {
            return ErrorMapper.Disposed(operation, run.TrackingId, run.Attempts, run.MayHaveActed);
        }

        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            Log.Canceled(_logger, run.MayHaveActed ? LogLevel.Warning : LogLevel.Information, operation.Name, run.Attempts, run.MayHaveActed, run.TrackingId);
            return ErrorMapper.Canceled(exception, operation, run.TrackingId, run.Attempts, run.MayHaveActed, callerToken);
        }

        switch (exception)
        {
            case TimeoutException when !operation.IsCommand:
                return ErrorMapper.Timeout(exception, operation, run.TrackingId, null, phase, false, run.Attempts,
                    which: $"each of {run.Attempts} attempt(s) ran out of its Retry.QueryAttemptTimeout of {_options.Retry.QueryAttemptTimeout.TotalSeconds:0.###} s or the HttpClient's own Timeout");
            case OperationCanceledException:
                // Our budget, or the caller-owned HttpClient's own Timeout (TaskCanceledException with an inner TimeoutException).
                return ErrorMapper.Timeout(exception, operation, run.TrackingId, budgetExpired ? _options.Timeout : null, phase, run.MayHaveActed, run.Attempts);
            default:
                if (exception is Http.CommandResendRefusedException)
                {
                    Log.ResendRefused(_logger, operation.Name, run.MayHaveActed, run.TrackingId);
                }

                return ErrorMapper.FromTransport(exception, operation, run.TrackingId, run.Attempts, run.MayHaveActed, redact);
        }
    }
}

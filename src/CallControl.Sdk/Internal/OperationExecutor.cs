using System.Net;
using System.Runtime.ExceptionServices;
using Polly;

namespace CallControl.Sdk.Internal;

/// <summary>
/// Runs one API operation: a tracking id kept on every attempt, the time budget, the shared rate-limit gate, the
/// retry pipeline, and the mapping of the final outcome to a result or one of the SDK's exceptions.
/// </summary>
internal sealed class OperationExecutor
{
    private readonly IWebexCallControlApi _api;
    private readonly CallControlClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly RateLimitGate? _gate;
    private readonly Func<double> _random;
    private readonly string _authorization;

    internal OperationExecutor(IWebexCallControlApi api, CallControlClientOptions options, Func<double>? random = null)
    {
        _api = api;
        _options = options;
        _timeProvider = options.TimeProvider;
        _random = random ?? Random.Shared.NextDouble;
        _pipeline = RetryPipeline.Create(options.Retry, _timeProvider, _random);
        _gate = options.Retry.UseSharedRateLimitGate ? new RateLimitGate() : null;
        _authorization = "Bearer " + options.AccessToken;
    }

    internal RateLimitGate? Gate => _gate;

    internal async Task<TResult> ExecuteAsync<TBody, TResult>(
        Operation operation,
        string? trackingId,
        TBody body,
        Func<IWebexCallControlApi, TBody, OperationState, CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, OperationState, ValueTask<TResult>> onSuccess,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timeout = _options.Timeout;
        var hasBudget = timeout != Timeout.InfiniteTimeSpan;
        var state = new OperationState<TBody>(
            operation,
            trackingId ?? SdkInfo.NewTrackingId(),
            hasBudget ? _timeProvider.GetUtcNow() + timeout : null,
            body,
            send)
        {
            Authorization = _authorization,
        };

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = hasBudget ? StartBudget(budget, timeout) : null;

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
                return await onSuccess(response, state).ConfigureAwait(false);
            }

            var failure = await ErrorMapper.FromResponseAsync(response, operation, state.TrackingId, _timeProvider.GetUtcNow(), state.Attempts, budget.Token).ConfigureAwait(false);
            response = null;
            throw failure;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            throw ErrorMapper.Timeout(ex, operation, state.TrackingId, timeout, state.InFlight, state.Attempts);
        }
        finally
        {
            response?.Dispose();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context)
    {
        var state = context.Properties.GetValue(RetryPipeline.StateKey, null!);
        var token = context.CancellationToken;
        try
        {
            if (_gate is not null)
            {
                var now = _timeProvider.GetUtcNow();
                var wait = _gate.RemainingWait(now);
                if (wait > TimeSpan.Zero)
                {
                    if (wait > _options.Retry.MaxRetryAfter || (state.Deadline is { } deadline && now + wait > deadline))
                    {
                        return Outcome.FromException<HttpResponseMessage>(ErrorMapper.GateClosed(state.Operation, state.TrackingId, wait, state.Attempts));
                    }

                    await Task.Delay(wait + (RetryPipeline.MaxRetryAfterJitter * _random()), _timeProvider, token).ConfigureAwait(false);
                }
            }

            state.Attempts++;
            state.InFlight = true;
            var response = await state.SendAsync(_api, token).ConfigureAwait(false);
            state.InFlight = false;

            if (_gate is not null && response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var now = _timeProvider.GetUtcNow();
                if (RetryAfterParser.Parse(response, now) is { } retryAfter && retryAfter > TimeSpan.Zero)
                {
                    _gate.CloseUntil(now + retryAfter);
                }
            }

            return Outcome.FromResult(response);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.InFlight = state.InFlight && !ErrorMapper.ProvablyNotSent(ex);
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
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
            case OperationCanceledException:
                // Our budget, or the caller-owned HttpClient's own Timeout (TaskCanceledException with an inner TimeoutException).
                return ErrorMapper.Timeout(exception, state.Operation, state.TrackingId, budgetToken.IsCancellationRequested ? _options.Timeout : Timeout.InfiniteTimeSpan, state.InFlight, state.Attempts);
            default:
                return ErrorMapper.FromTransport(exception, state.Operation, state.TrackingId, state.Attempts);
        }
    }

    private ITimer StartBudget(CancellationTokenSource budget, TimeSpan timeout)
        => _timeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), budget, timeout, Timeout.InfiniteTimeSpan);
}

using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

// Resolving an unknown outcome: what the rules in docs/outcomes.md decide from the calls as they are now.
public partial class CallControlClient
{
    /// <summary>
    /// Finds out whether a command of this client whose outcome is unknown (a lost connection, a timeout, a 500, 502 or
    /// 504, a cancellation after sending) was carried out, by reading the calls it named and applying the command's
    /// rule (docs/outcomes.md). It never sends a command. <see cref="CommandOutcome.NotCarriedOut"/> is the one outcome
    /// after which sending the command again is safe.
    /// </summary>
    /// <param name="failure">An exception a command of this client threw (<see cref="CallControlException"/> or <see cref="CallControlOperationCanceledException"/>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>
    /// The outcome and its evidence. A failure whose outcome was known (<see cref="ICallControlFailure.OutcomeUnknown"/>
    /// is <see langword="false"/>: refused, or never sent) is <see cref="CommandOutcome.NotCarriedOut"/> at once, reading
    /// nothing. Otherwise the calls are read no sooner than a second after the failure, since Webex may still be acting
    /// on a command whose gateway gave up.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="failure"/> did not come from a call command of this client (a query, a webhook operation, another client's command).</exception>
    /// <exception cref="CallControlException">Reading the calls failed; nothing was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<OutcomeResolution> ResolveOutcomeAsync(Exception failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var command = failure switch
        {
            CallControlException c => c.Command,
            CallControlOperationCanceledException o => o.Command,
            _ => null,
        };
        if (command is null || failure is not ICallControlFailure known)
        {
            throw new ArgumentException($"The failure ({failure.GetType().Name}) did not come from a call command of a CallControlClient (a query, a webhook operation or an exception made elsewhere): there is no outcome to resolve.", nameof(failure));
        }

        if (!ReferenceEquals(command.Transport, _transport))
        {
            throw new ArgumentException("The failure came from another CallControlClient: resolve it with that client, since the calls it names may be another user's.", nameof(failure));
        }

        var name = command.Request.Operation.Command;
        if (!known.OutcomeUnknown)
        {
            var why = known.Attempts == 0 ? "it was never sent" : "Webex refused it";
            return Task.FromResult(new OutcomeResolution(name, CommandOutcome.NotCarriedOut, $"the failure says {name} was not carried out ({why}); nothing was read"));
        }

        var options = Executor.Options;
        return OutcomeRules.ResolveAsync(this, command, options.OutcomeSettleTime, options.TimeProvider, options.EventTracker, cancellationToken);
    }

    // Separate methods, so the lambdas' closure is allocated only when ResolveAndResend is on, not on every command.
    private Task<TransferResult> TransferResolvedAsync(Task<TransferResult> sent, TransferRequest request, CancellationToken cancellationToken)
        => ResolvedAsync(
            sent,
            () => Executor.ExecuteAsync(_transport!, ApiRequest.Transfer(request), AnswerReaders.Transfer(request.Kind), cancellationToken),
            trackingId => new TransferResult(request.Kind, System.Net.HttpStatusCode.NoContent, null, null, trackingId),
            cancellationToken);

    private Task<CallCommandResult> CommandResolvedAsync(Task<CallCommandResult> sent, Operation operation, CallControlRequest request, CancellationToken cancellationToken)
        => ResolvedAsync(
            sent,
            () => SendCommandAsync(operation, request, AnswerReaders.Command, cancellationToken),
            trackingId => new CallCommandResult(System.Net.HttpStatusCode.NoContent, trackingId),
            cancellationToken);

    /// <summary>
    /// <see cref="CallControlRetryOptions.ResolveAndResend"/>: an unknown outcome is resolved; not carried out, the
    /// command is sent once more; carried out, <paramref name="carriedOut"/> is its result; otherwise the failure stands.
    /// </summary>
    private async Task<T> ResolvedAsync<T>(Task<T> sent, Func<Task<T>> again, Func<string?, T> carriedOut, CancellationToken cancellationToken)
    {
        try
        {
            return await sent.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ICallControlFailure { OutcomeUnknown: true } failure && !cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            var resolution = await ResolveOutcomeAsync(ex, cancellationToken).ConfigureAwait(false);
            Log.OutcomeResolved(Executor.Logger, resolution.Command, resolution.Outcome, resolution.Evidence, failure.TrackingId ?? string.Empty);
            switch (resolution.Outcome)
            {
                case CommandOutcome.NotCarriedOut:
                    return await again().ConfigureAwait(false);
                case CommandOutcome.CarriedOut:
                    return carriedOut(failure.TrackingId);
                default:
                    throw;
            }
        }
    }
}

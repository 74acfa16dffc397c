namespace CallControl.Sdk.Http;

/// <summary>
/// The innermost handler of every HttpClient the SDK creates or registers: a command's request passes it at most
/// once per attempt of the SDK's own pipeline, whatever handlers the host adds above it (a standard resilience or
/// hedging handler, or its own). A refused resend never reaches the transport; the SDK then reports the command with
/// <see cref="CallControlException.OutcomeUnknown"/> as the first pass left it.
/// </summary>
internal sealed class SendGuardHandler : DelegatingHandler
{
    internal SendGuardHandler()
    {
    }

    internal SendGuardHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The last look at where the token goes: a handler above, or a BaseAddress changed after the client was
        // built, must not send it over plain HTTP to another machine.
        if (Internal.UriRules.Problem(request.RequestUri) is { } problem)
        {
            throw new InsecureRequestRefusedException(problem);
        }

        return request.Content is CommandContent command ? SendCommandAsync(request, command, cancellationToken) : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCommandAsync(HttpRequestMessage request, CommandContent command, CancellationToken cancellationToken)
    {
        var admission = command.Enter();
        if (admission == CommandContent.Admission.RefuseAfterFirst)
        {
            // A hedged copy: the original's answer, not this refusal, must be what the hedging handler settles on. When
            // that answer is final the handler cancels this copy; otherwise (5xx, 408, 429, a lost connection) the
            // refusal ends its hedging at once.
            await command.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (command.FirstAnswerIsFinal)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
        }

        if (admission != CommandContent.Admission.Send)
        {
            throw new CommandResendRefusedException();
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            command.Exit(response.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            command.Exit(ex);
            throw;
        }
    }
}

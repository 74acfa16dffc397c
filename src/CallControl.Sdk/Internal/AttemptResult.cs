namespace CallControl.Sdk.Internal;

/// <summary>
/// What one attempt came back with: its answer, or the exception that ended it (exactly one of the two). The SDK's
/// own form of Polly's <c>Outcome</c>, converted only where Polly takes over (<see cref="RetryPipeline"/>): an
/// operation whose first answer is final never loads Polly. A class, not a struct: the framework's async machinery
/// (<see cref="ValueTask{TResult}"/> and its builder) has precompiled code for reference types only, so a struct
/// here would be JIT-compiled in every new process before its first call.
/// </summary>
internal sealed class AttemptResult
{
    private AttemptResult(HttpResponseMessage? response, Exception? exception)
    {
        Response = response;
        Exception = exception;
    }

    /// <summary>The answer, or null when the attempt ended in <see cref="Exception"/>.</summary>
    internal HttpResponseMessage? Response { get; }

    /// <summary>What ended the attempt without an answer, or null when it has one.</summary>
    internal Exception? Exception { get; }

    internal static AttemptResult Answered(HttpResponseMessage response) => new(response, null);

    internal static AttemptResult Failed(Exception exception) => new(null, exception);
}

using System.Net;

namespace CallControl.Sdk.Internal;

/// <summary>
/// What one send came back with, as the retry decides on it and the executor maps it: the answer, or the exception
/// that ended it (exactly one of the two), with what the SDK learned on the way: the answer's Retry-After (parsed once,
/// when it arrived), whether a command may have been carried out, a query's body (read within its attempt), and where
/// the send was when it failed. Polly disposes the outcomes its retry discards, which disposes their answers.
/// </summary>
internal sealed class AttemptOutcome : IDisposable
{
    private bool _taken;

    private AttemptOutcome(OperationRun run, HttpResponseMessage? response, Exception? exception, TimeSpan? retryAfter, bool mayHaveActed, ErrorMapper.TimeoutPhase phase, (byte[] Bytes, bool Truncated)? queryBody)
    {
        Run = run;
        Response = response;
        Exception = exception;
        RetryAfter = retryAfter;
        MayHaveActed = mayHaveActed;
        Phase = phase;
        QueryBody = queryBody;
    }

    /// <summary>The run of the operation this outcome belongs to (what the retry's classifier weighs it against).</summary>
    internal OperationRun Run { get; }

    /// <summary>The answer, or null when the send ended in <see cref="Exception"/>.</summary>
    internal HttpResponseMessage? Response { get; }

    /// <summary>What ended the send without an answer, or null when it has one.</summary>
    internal Exception? Exception { get; }

    /// <summary>An error answer's Retry-After; null for a success or when it has none that parses.</summary>
    internal TimeSpan? RetryAfter { get; }

    /// <summary>True when a command's bytes may have reached Webex without an answer that proves it did not act.</summary>
    internal bool MayHaveActed { get; }

    /// <summary>Where the send was when it failed (for a timeout's message).</summary>
    internal ErrorMapper.TimeoutPhase Phase { get; }

    /// <summary>A query's success body, read inside its attempt so that the attempt's timeout covered the read.</summary>
    internal (byte[] Bytes, bool Truncated)? QueryBody { get; }

    internal bool IsSuccess => Response is { } response && (int)response.StatusCode is >= 200 and <= 299;

    internal HttpStatusCode? Status => Response?.StatusCode;

    internal static AttemptOutcome Answered(OperationRun run, HttpResponseMessage response, TimeSpan? retryAfter, bool mayHaveActed, (byte[] Bytes, bool Truncated)? queryBody = null)
        => new(run, response, null, retryAfter, mayHaveActed, ErrorMapper.TimeoutPhase.AwaitingAnswer, queryBody);

    /// <summary>A failure before or without an answer.</summary>
    internal static AttemptOutcome Failed(OperationRun run, Exception exception, bool mayHaveActed = false, ErrorMapper.TimeoutPhase phase = ErrorMapper.TimeoutPhase.NotSending)
        => new(run, null, exception, null, mayHaveActed, phase, null);

    /// <summary>Hands the answer over: disposing this outcome no longer disposes it.</summary>
    internal HttpResponseMessage TakeResponse()
    {
        var response = Response!;
        _taken = true;
        return response;
    }

    public void Dispose()
    {
        if (!_taken)
        {
            Response?.Dispose();
        }
    }
}

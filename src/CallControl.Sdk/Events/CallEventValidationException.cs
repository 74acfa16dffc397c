namespace CallControl.Sdk;

/// <summary>
/// A webhook delivery was refused: no or a wrong signature, too large, malformed, or not a call event. Nothing of it
/// should reach the application. The message says what was wrong and never contains the secret or the body.
/// </summary>
public class CallEventValidationException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="problem">What was wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The JSON error, for a malformed body.</param>
    public CallEventValidationException(CallEventProblem problem, string message, Exception? innerException = null)
        : base(message, "body", innerException)
    {
        Problem = problem;
    }

    /// <summary>Gets what was wrong, for a receiver to answer with (401 for a signature problem, 413 too large, else 400).</summary>
    public CallEventProblem Problem { get; }
}

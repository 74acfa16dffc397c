namespace CallControl.Sdk.Testing;

/// <summary>
/// How a destination the user dials behaves in the sandbox (<see cref="CallControlSandbox.SetDestination"/>). A
/// destination without one answers at once, as before: the dialled call is connected when <c>dial</c> answers.
/// </summary>
public sealed record SandboxDestination
{
    /// <summary>Gets how long the dialled call alerts before the destination answers (and webhooks get its connected event).</summary>
    /// <value>The default value is zero: answered at once.</value>
    public TimeSpan AnswerAfter { get; init; }

    /// <summary>Gets whether the destination never answers: the dialled call alerts until someone hangs it up.</summary>
    public bool NeverAnswers { get; init; }

    /// <summary>Gets whether the destination is busy: the dialled call ends right after <c>dial</c> answers (webhooks get its disconnected event).</summary>
    public bool Busy { get; init; }
}

namespace CallControl.Sdk;

/// <summary>What <see cref="CallControlClient.ResolveOutcomeAsync"/> found: the outcome and the evidence for it.</summary>
public sealed class OutcomeResolution
{
    internal OutcomeResolution(string command, CommandOutcome outcome, string evidence)
    {
        Command = command;
        Outcome = outcome;
        Evidence = evidence;
    }

    /// <summary>Gets the command's name as Webex spells it (<c>hold</c>, <c>transfer</c>).</summary>
    public string Command { get; }

    /// <summary>Gets whether the command was carried out; <see cref="CommandOutcome.NotCarriedOut"/> is the one outcome after which sending it again is safe.</summary>
    public CommandOutcome Outcome { get; }

    /// <summary>Gets a sentence saying what was read and what it showed (call ids only, never a token).</summary>
    public string Evidence { get; }

    /// <summary>Gets the command, its outcome and the evidence, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => $"{Command}: {Outcome} ({Evidence})";
}

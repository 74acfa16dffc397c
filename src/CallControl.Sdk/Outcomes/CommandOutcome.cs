namespace CallControl.Sdk;

/// <summary>Whether a command whose answer was lost was carried out (<see cref="CallControlClient.ResolveOutcomeAsync"/>).</summary>
public enum CommandOutcome
{
    /// <summary>The evidence could have more than one cause: do not send the command again without looking yourself.</summary>
    Unknown = 0,

    /// <summary>The calls show the command's effect: do not send it again.</summary>
    CarriedOut = 1,

    /// <summary>Nothing happened: sending the command again is safe.</summary>
    NotCarriedOut = 2,
}

namespace CallControl.Sdk;

/// <summary>The step at which a consult transfer stopped (<see cref="ConsultTransferException.Stage"/>).</summary>
public enum ConsultTransferStage
{
    /// <summary>Putting the caller on hold.</summary>
    Hold = 0,

    /// <summary>Dialling the consult destination.</summary>
    Dial = 1,

    /// <summary>Waiting for the consult call to be answered: it was not within the answer timeout, or it ended (busy, rejected).</summary>
    Answer = 2,

    /// <summary>Joining the caller and the consult call (the attended transfer).</summary>
    Transfer = 3,
}

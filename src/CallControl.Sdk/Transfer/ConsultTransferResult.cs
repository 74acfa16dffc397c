namespace CallControl.Sdk;

/// <summary>A completed consult transfer (<see cref="CallControlClient.ConsultTransferAsync"/>).</summary>
public sealed class ConsultTransferResult
{
    internal ConsultTransferResult(string consultCallId, TransferResult transfer)
    {
        ConsultCallId = consultCallId;
        Transfer = transfer;
    }

    /// <summary>Gets the id of the consult call that was dialled, answered and joined with the caller.</summary>
    public string ConsultCallId { get; }

    /// <summary>Gets the result of the attended transfer that joined them.</summary>
    public TransferResult Transfer { get; }

    /// <summary>Gets the consult call's id and the transfer's TrackingID, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => $"Consult transfer via call {ConsultCallId}, TrackingID {Transfer.TrackingId}";
}

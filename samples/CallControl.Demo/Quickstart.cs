using CallControl.Sdk;

namespace CallControl.Demo;

/// <summary>The README's quickstart, compiled here so it cannot rot (a test checks the README quotes it exactly).</summary>
public static class Quickstart
{
    /// <summary>Transfers a call with the SDK: the code the README shows.</summary>
    public static async Task<TransferResult> RunAsync(string accessToken, Uri baseAddress, string heldCallId, string consultCallId, CancellationToken cancellationToken)
    {
        #region quickstart
        using var client = new CallControlClient(new CallControlClientOptions
        {
            AccessToken = accessToken,   // a Webex token with the spark:calls_write scope
            BaseAddress = baseAddress,   // defaults to https://webexapis.com/v1/
        });

        try
        {
            // Attended transfer: join the caller on hold with the call you consulted on.
            TransferResult result = await client.TransferAsync(
                TransferRequest.Attended(heldCallId, consultCallId), cancellationToken);
            Console.WriteLine($"Transferred ({(int)result.StatusCode}), TrackingID {result.TrackingId}");
            return result;
        }
        catch (Exception ex) when (ex is ICallControlFailure { OutcomeUnknown: true } failure)
        {
            // 500/502/504, a timeout, a dropped connection, or your token cancelled while it was on the wire:
            // the transfer MAY have happened. Never blindly resend; check the calls first.
            Console.Error.WriteLine($"Outcome unknown, TrackingID {failure.TrackingId}: {ex.Message}");
            throw;
        }
        #endregion
    }
}

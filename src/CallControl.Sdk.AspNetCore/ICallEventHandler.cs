namespace CallControl.Sdk.AspNetCore;

/// <summary>Handles call events received by <c>MapCallEvents&lt;THandler&gt;</c>; resolved from a DI scope per event.</summary>
public interface ICallEventHandler
{
    /// <summary>Handles one verified event. Exceptions are logged; they never change the answer Webex got (it was acknowledged already).</summary>
    /// <param name="callEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the app is stopping and the drain time is over.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(CallEvent callEvent, CancellationToken cancellationToken);
}

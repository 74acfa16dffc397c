using System.Diagnostics.Metrics;

namespace CallControl.Sdk.AspNetCore;

/// <summary>The call event endpoints' instruments, on the SDK's meter (<see cref="CallControlTelemetry.MeterName"/>): deliveries accepted and refused, and queue depth.</summary>
internal static class ReceiverTelemetry
{
    private const string EndpointTag = "callcontrol.events.endpoint";
    private static readonly Meter Meter = new(CallControlTelemetry.MeterName);
    private static readonly Counter<long> AcceptedCounter = Meter.CreateCounter<long>(CallControlTelemetry.EventsAccepted, "{delivery}", "Call event deliveries accepted (202).");
    private static readonly Counter<long> RejectedCounter = Meter.CreateCounter<long>(CallControlTelemetry.EventsRejected, "{delivery}", "Call event deliveries refused, by reason.");
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CallEventReceiver, object> Receivers = new();

    static ReceiverTelemetry()
        => Meter.CreateObservableGauge(CallControlTelemetry.EventsQueueDepth, ObserveDepth, "{event}", "Call events accepted and not yet handled.");

    internal static void Track(CallEventReceiver receiver) => Receivers.TryAdd(receiver, receiver);

    internal static void Accepted(string endpoint) => AcceptedCounter.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint));

    internal static void Rejected(string endpoint, string reason)
        => RejectedCounter.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint), new KeyValuePair<string, object?>("callcontrol.events.reason", reason));

    internal static string ReasonOf(CallEventProblem problem) => problem switch
    {
        CallEventProblem.MissingSignature => "missing_signature",
        CallEventProblem.InvalidSignature => "invalid_signature",
        CallEventProblem.TooLarge => "too_large",
        CallEventProblem.WrongResource => "wrong_resource",
        _ => "malformed",
    };

    private static IEnumerable<Measurement<int>> ObserveDepth()
    {
        foreach (var (receiver, _) in Receivers)
        {
            yield return new Measurement<int>(receiver.Queued, new KeyValuePair<string, object?>(EndpointTag, receiver.Pattern));
        }
    }
}

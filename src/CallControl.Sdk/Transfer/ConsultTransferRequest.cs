using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// A consult (attended) transfer as one flow (<see cref="CallControlClient.ConsultTransferAsync"/>): hold the caller,
/// dial the consult destination, wait for it to answer, join the two. Every input is checked when the request is built,
/// before the caller is put on hold.
/// </summary>
public sealed class ConsultTransferRequest
{
    private readonly TimeSpan _answerTimeout = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _pollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Creates the request.</summary>
    /// <param name="callerCallId">The caller's call (connected).</param>
    /// <param name="consultDestination">Whom to consult: a number, SIP URI or extension, as <see cref="DialRequest"/> takes it.</param>
    /// <exception cref="CallControlRequestValidationException">The call id or the destination breaks a rule; nothing is sent.</exception>
    public ConsultTransferRequest(string callerCallId, string consultDestination)
        : this(callerCallId, new DialRequest(consultDestination))
    {
    }

    /// <summary>Creates the request.</summary>
    /// <param name="callerCallId">The caller's call (connected).</param>
    /// <param name="consultDestination">Whom to consult.</param>
    /// <exception cref="ArgumentNullException"><paramref name="consultDestination"/> is <see langword="null"/>.</exception>
    /// <exception cref="CallControlRequestValidationException">The call id breaks a rule; nothing is sent.</exception>
    public ConsultTransferRequest(string callerCallId, CallDestination consultDestination)
        : this(callerCallId, new DialRequest(consultDestination ?? throw new ArgumentNullException(nameof(consultDestination))))
    {
    }

    private ConsultTransferRequest(string callerCallId, DialRequest dial)
    {
        CallerCallId = new CallRequest(callerCallId).CallId;
        Dial = dial;
    }

    /// <summary>Gets the caller's call.</summary>
    public string CallerCallId { get; }

    /// <summary>Gets the dial of the consult call.</summary>
    public DialRequest Dial { get; }

    /// <summary>
    /// Gets the tracker that receives this user's call events, so the answer is seen from its event; without one (or
    /// when the event is late or lost) the consult call is polled every <see cref="PollInterval"/>.
    /// </summary>
    public CallEventTracker? Tracker { get; init; }

    /// <summary>Gets how long the consult call may alert before the flow gives up, hangs it up and takes the caller off hold.</summary>
    /// <value>The default value is 30 seconds; 1 second to 10 minutes.</value>
    /// <exception cref="CallControlRequestValidationException">Outside that range.</exception>
    public TimeSpan AnswerTimeout
    {
        get => _answerTimeout;
        init => _answerTimeout = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromMinutes(10) ? value
            : throw Invalid(nameof(AnswerTimeout), $"AnswerTimeout must be between 1 second and 10 minutes (was {value}).");
    }

    /// <summary>Gets how often the consult call is read while waiting for its answer (each read goes through the rate-limit gate).</summary>
    /// <value>The default value is 1 second; 100 milliseconds to 30 seconds.</value>
    /// <exception cref="CallControlRequestValidationException">Outside that range.</exception>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        init => _pollInterval = value >= TimeSpan.FromMilliseconds(100) && value <= TimeSpan.FromSeconds(30) ? value
            : throw Invalid(nameof(PollInterval), $"PollInterval must be between 100 milliseconds and 30 seconds (was {value}).");
    }

    private static CallControlRequestValidationException Invalid(string parameter, string message)
        => new("consultTransfer", [new RequestRules.Violation(parameter, message)]);

    /// <summary>Gets the caller's call and the consult destination, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => $"Consult transfer of call {CallerCallId} via {Dial}";
}

namespace CallControl.Sdk;

/// <summary>A party of a call: the remote party, a redirecting party, or where a call is parked.</summary>
/// <remarks>Properties are settable on creation so that code using the client can be tested with hand-made values.</remarks>
public sealed class CallParty
{
    /// <summary>Gets the party's name; <see langword="null"/> when unavailable or private.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the party's number (digits or a URI, such as <c>+12223334444</c> or <c>*73</c>); <see langword="null"/> when unavailable or private.</summary>
    public string? Number { get; init; }

    /// <summary>Gets the party's person id; <see langword="null"/> when unavailable or private.</summary>
    public string? PersonId { get; init; }

    /// <summary>Gets the party's place (workspace) id; <see langword="null"/> when unavailable or private.</summary>
    public string? PlaceId { get; init; }

    /// <summary>Gets whether privacy is enabled for the name, number and person or place id.</summary>
    public bool PrivacyEnabled { get; init; }

    /// <summary>Gets where the party is relative to the user.</summary>
    public CallPartyType CallType { get; init; }

    /// <inheritdoc/>
    public override string ToString() => PrivacyEnabled && Name is null && Number is null ? "(private)" : $"{Name} {Number}".Trim();
}

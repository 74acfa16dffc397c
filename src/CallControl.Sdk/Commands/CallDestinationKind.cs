namespace CallControl.Sdk;

/// <summary>The documented forms a Webex Call Control destination can take.</summary>
public enum CallDestinationKind
{
    /// <summary>Plain digits, such as an extension (<c>1234</c>) or a national number (<c>2223334444</c>).</summary>
    Digits = 0,

    /// <summary>An E.164 number with a leading plus sign, such as <c>+12223334444</c>.</summary>
    E164Number = 1,

    /// <summary>A <c>tel:</c> URI, such as <c>tel:+12223334444</c>.</summary>
    TelUri = 2,

    /// <summary>A <c>sip:</c> URI, such as <c>sip:user@company.domain</c>.</summary>
    SipUri = 3,

    /// <summary>A user address, such as <c>user@company.domain</c>.</summary>
    UserAtDomain = 4,

    /// <summary>A feature access code, such as <c>*73</c>: a <c>*</c> followed by digits.</summary>
    FeatureAccessCode = 5,
}

namespace CallControl.Sdk.Testing;

/// <summary>Settings of a <see cref="CallControlSandbox"/>.</summary>
public sealed class CallControlSandboxOptions
{
    /// <summary>Gets or sets the only access token the sandbox accepts; any other answers 401.</summary>
    /// <value>The default value is <c>sandbox-token</c>.</value>
    public string AccessToken { get; set; } = "sandbox-token";

    /// <summary>Gets or sets the loopback port to listen on; 0 picks a free one.</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets the clock used for the rate limit, injected delays and request timestamps.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

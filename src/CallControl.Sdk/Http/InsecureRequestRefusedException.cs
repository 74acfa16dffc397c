namespace CallControl.Sdk.Http;

/// <summary>
/// Thrown by <see cref="SendGuardHandler"/> instead of sending the access token over plain HTTP to a host that is not
/// loopback. Nothing was sent; ErrorMapper turns it into a <see cref="CallControlException"/> that is never retried.
/// </summary>
internal sealed class InsecureRequestRefusedException : Exception
{
    internal InsecureRequestRefusedException(string problem)
        : base("The request was not sent: its URI " + problem + ".")
    {
    }
}

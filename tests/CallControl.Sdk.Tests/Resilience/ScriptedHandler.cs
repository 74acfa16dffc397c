using System.Net;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>
/// An in-process transport for tests of the executor itself: answers with the given statuses in order (the last one
/// for every later request; a 429 or 503 carries <c>Retry-After: 0</c>), counts the sends and keeps each answer's
/// content to tell whether it was disposed. Wire behaviour is tested over WireMock in the contract tests.
/// </summary>
internal sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
{
    internal int Sent { get; private set; }

    internal List<TrackedContent> Responses { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var status = statuses[Math.Min(Sent, statuses.Length - 1)];
        Sent++;
        var content = new TrackedContent();
        Responses.Add(content);
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = content };
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", "0");
        }

        return Task.FromResult(response);
    }

    /// <summary>An empty answer body that records its disposal.</summary>
    internal sealed class TrackedContent : ByteArrayContent
    {
        public TrackedContent()
            : base([])
        {
        }

        internal bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

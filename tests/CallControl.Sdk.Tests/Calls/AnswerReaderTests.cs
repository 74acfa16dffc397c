using System.Net;
using System.Text;
using CallControl.Sdk.Internal;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Tests.Calls;

/// <summary>The typed readers: each result shape read one way, whatever operation it answers.</summary>
[TestFixture]
public sealed class AnswerReaderTests
{
    [TestCase(TransferKind.Attended, HttpStatusCode.NoContent)]
    [TestCase(TransferKind.Mute, HttpStatusCode.Created)]
    [TestCase(TransferKind.Automatic, HttpStatusCode.NoContent)]
    public async Task TheTransferReader_OfEachKind_SaysThatKind(TransferKind kind, HttpStatusCode status)
    {
        using var response = Response(status, status == HttpStatusCode.Created ? """{"callId":"c9","callSessionId":"s9"}""" : null);

        var result = await AnswerReaders.Transfer(kind).ReadAsync(AnswerOf(response, Operation.Transfer, new ListLogger()), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(kind));
        Assert.That(result.CallId, Is.EqualTo(status == HttpStatusCode.Created ? "c9" : null));
    }

    [Test]
    public async Task A201WhoseBodyCannotBeRead_GivesUnknownIdsAndOneWarning_NeverAnException()
    {
        using var response = Response(HttpStatusCode.Created, "not json");
        var logger = new ListLogger();

        var result = await AnswerReaders.Created.ReadAsync(AnswerOf(response, Operation.Dial, logger), CancellationToken.None);

        Assert.That(result.CallId, Is.Null);
        Assert.That(result.TrackingId, Is.EqualTo("sent-1"), "no TrackingID header answered: the one sent");
        Assert.That(logger.Warnings, Has.Count.EqualTo(1).And.Some.Contains("dial"));
    }

    [Test]
    public async Task AQueryAnswerThatIsNotJson_IsATypedFailureWithTheAnsweredTrackingId()
    {
        using var response = Response(HttpStatusCode.OK, "<html>");
        response.Headers.TryAddWithoutValidation("TrackingID", "answered-7");

        var ex = await Assert.ThrowsAsync<CallControlException>(async () => await AnswerReaders.Calls.ReadAsync(AnswerOf(response, Operation.ListCalls, new ListLogger()), CancellationToken.None));

        Assert.That(ex!.TrackingId, Is.EqualTo("answered-7"));
        Assert.That(ex.Message, Does.Contain("listCalls").And.Contain("not the expected JSON"));
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string? body)
        => new(status) { Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, "application/json") };

    private static Answer AnswerOf(HttpResponseMessage response, Operation operation, ILogger logger)
        => new(response, operation, "sent-1", 1, null, new Uri("https://webexapis.com/v1/"), logger);

    private sealed class ListLogger : ILogger
    {
        internal List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}

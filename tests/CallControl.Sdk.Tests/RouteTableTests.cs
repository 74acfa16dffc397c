using System.Reflection;
using System.Text.RegularExpressions;
using CallControl.Sdk.Internal;
using Refit;

namespace CallControl.Sdk.Tests;

/// <summary>
/// The route table (<see cref="Operation"/>) is the one declaration of each operation's verb and path; Refit's
/// attributes are the REST surface that sends them. These tests hold the two together: every line sent through its
/// Refit method arrives with the verb and path the line says, and every Refit route serves some line.
/// </summary>
[TestFixture]
public sealed class RouteTableTests
{
    private const string Argument = "ARG-1";

    private static IEnumerable<TestCaseData> Lines => Operation.All.Select(o => new TestCaseData(o.Name).SetArgDisplayNames(o.Name));

    [TestCaseSource(nameof(Lines))]
    public async Task EveryLine_IsSentByRefit_WithTheVerbAndPathItDeclares(string name)
    {
        var operation = Operation.All.Single(o => o.Name == name);
        var handler = new CapturingHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("https://webexapis.com/v1/") };
        var request = operation.IsMember
            ? ApiRequest.MemberQuery(operation, null, Argument, "ORG-1", Argument)
            : ApiRequest.Query(operation, null, Argument, new Dictionary<string, string>());
        using var content = operation.IsCommand ? new ByteArrayContent([]) : null;

        using var response = await operation.Send(CallControlClient.CreateApi(http), request, content, "Bearer t", "tracking", CancellationToken.None);

        var sent = handler.Request!;
        Assert.That(sent.Method.Method, Is.EqualTo(operation.Method));
        Assert.That(sent.RequestUri!.AbsolutePath, Is.EqualTo("/v1/" + Regex.Replace(operation.Path, "{[^}]+}", Argument)));
        if (operation.IsMember)
        {
            Assert.That(sent.RequestUri.Query, Is.EqualTo("?orgId=ORG-1"), "a member path carries its organization in the query");
        }
        Assert.That(operation.IsCommand, Is.EqualTo(operation.Method != "GET"), "every command changes something; every query is a GET");
        Assert.That((sent.Headers.Authorization?.ToString(), sent.Headers.GetValues("TrackingID").Single()), Is.EqualTo(("Bearer t", "tracking")));
    }

    [Test]
    public void EveryRefitRoute_ServesALineOfTheTable()
    {
        var routes = typeof(IWebexCallControlApi).GetMethods()
            .Select(m => m.GetCustomAttribute<HttpMethodAttribute>()!)
            .Select(a => (a.Method.Method, Template: a.Path.TrimStart('/')));

        foreach (var (method, template) in routes)
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            Assert.That(Operation.All.Any(o => o.Method == method && Regex.IsMatch(o.Path, pattern)), $"{method} {template} serves no operation");
        }

        Assert.That(Operation.All.Select(o => o.Name), Is.Unique);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        internal HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        }
    }
}

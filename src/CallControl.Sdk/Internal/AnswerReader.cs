using System.Net;
using System.Text.Json.Serialization.Metadata;
using CallControl.Sdk.Internal.Wire;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Internal;

/// <summary>A success answer (2xx) as a reader sees it, with what the operation knows when it arrives.</summary>
/// <param name="Response">The answer; its body is unread for a command.</param>
/// <param name="Operation">The operation answered.</param>
/// <param name="SentTrackingId">The TrackingID the request carried.</param>
/// <param name="Attempts">Requests handed to HttpClient.</param>
/// <param name="QueryBody">A query's body, read inside its attempt (so the attempt's timeout covered the read).</param>
/// <param name="BaseAddress">Where the client sends (a next-page link must point there).</param>
/// <param name="Logger">For the warning about a success whose body cannot be read.</param>
internal readonly record struct Answer(HttpResponseMessage Response, Operation Operation, string SentTrackingId, int Attempts, (byte[] Bytes, bool Truncated)? QueryBody, Uri? BaseAddress, ILogger Logger)
{
    internal HttpStatusCode Status => Response.StatusCode;

    /// <summary>The TrackingID Webex answered with, else the one sent.</summary>
    internal string TrackingId => ErrorMapper.ReadTrackingIdHeader(Response) ?? SentTrackingId;

    /// <summary>A success that should carry the new resource's ids but does not: the result says "unknown", a warning says why.</summary>
    internal void WarnCreatedWithoutIds() => Log.CreatedWithoutIds(Logger, Operation.Name, (int)Status, SentTrackingId);
}

/// <summary>Turns an operation's success answer into its result. One instance per result shape, immutable and shared.</summary>
/// <typeparam name="TResult">The public result.</typeparam>
internal abstract class AnswerReader<TResult>
{
    internal abstract ValueTask<TResult> ReadAsync(Answer answer, CancellationToken cancellationToken);
}

/// <summary>
/// The readers of every operation. A command's success never turns into an exception here (it happened; a retry
/// could repeat it): an unreadable body yields unknown ids and a warning. A query's unreadable body is an exception.
/// </summary>
/// <remarks>
/// Each reader is made when its operation is first answered, not all at once: building one loads its result's types
/// and JSON metadata, which a process that only transfers never needs. Readers are immutable, so two threads making
/// the same one at once is harmless.
/// </remarks>
internal static class AnswerReaders
{
    private static AnswerReader<CallCommandResult>? _command;
    private static AnswerReader<CallCreatedResult>? _created;
    private static AnswerReader<ParkResult>? _parked;
    private static AnswerReader<CallWebhook>? _webhookWritten;
    private static AnswerReader<IReadOnlyList<CallDetails>>? _calls;
    private static AnswerReader<CallDetails>? _call;
    private static AnswerReader<ConferenceDetails?>? _conference;
    private static AnswerReader<IReadOnlyList<CallHistoryRecord>>? _history;
    private static AnswerReader<CallWebhook>? _webhook;
    private static AnswerReader<WebhookPage>? _webhookPage;
    private static AnswerReader<TransferResult>?[]? _transfers;

    /// <summary>A command whose success carries no data (204).</summary>
    internal static AnswerReader<CallCommandResult> Command => _command ??= new CommandReader();

    /// <summary>A command that places a new call (201 with its ids).</summary>
    internal static AnswerReader<CallCreatedResult> Created => _created ??= new CreatedReader();

    internal static AnswerReader<ParkResult> Parked => _parked ??= new ParkedReader();

    /// <summary>A created or updated webhook.</summary>
    internal static AnswerReader<CallWebhook> WebhookWritten => _webhookWritten ??= new WebhookWrittenReader();

    internal static AnswerReader<IReadOnlyList<CallDetails>> Calls => _calls ??= new QueryReader<CallListBody, IReadOnlyList<CallDetails>>(
        static wire => wire.CallListBody, static body => body.Items is { } items ? items.Where(c => c is not null).Select(c => CallMapper.ToDetails(c!)).ToArray() : []);

    /// <summary>The user's conference; null for the empty object Webex answers when there is none.</summary>
    internal static AnswerReader<ConferenceDetails?> Conference => _conference ??= new QueryReader<ConferenceBody, ConferenceDetails?>(static wire => wire.ConferenceBody, CallMapper.ToConference);

    internal static AnswerReader<CallDetails> Call => _call ??= new QueryReader<CallBody, CallDetails>(static wire => wire.CallBody, static body => CallMapper.ToDetails(body));

    internal static AnswerReader<IReadOnlyList<CallHistoryRecord>> History => _history ??= new QueryReader<HistoryListBody, IReadOnlyList<CallHistoryRecord>>(
        static wire => wire.HistoryListBody, static body => body.Items is { } items ? items.Where(r => r is not null).Select(r => CallMapper.ToHistory(r!)).ToArray() : []);

    internal static AnswerReader<CallWebhook> Webhook => _webhook ??= new QueryReader<WebhookBody, CallWebhook>(static wire => wire.WebhookBody, CallMapper.ToWebhook);

    internal static AnswerReader<WebhookPage> WebhookPage => _webhookPage ??= new WebhookPageReader();

    /// <summary>The transfer of one kind: 204, or 201 with the new call's ids for a mute transfer.</summary>
    internal static AnswerReader<TransferResult> Transfer(TransferKind kind)
    {
        var readers = _transfers ??= new AnswerReader<TransferResult>?[3];
        return readers[(int)kind] ??= new TransferReader(kind);
    }

    /// <summary>Reads a 201's new call ids; an unreadable body means ids unknown (the call exists) and a warning.</summary>
    private static async ValueTask<CallCreatedBody?> ReadCreatedAsync(Answer answer, CancellationToken cancellationToken)
    {
        var created = await SuccessReader.TryReadAsync(answer.Response, WebexJsonContext.Default.CallCreatedBody, cancellationToken).ConfigureAwait(false);
        if (created?.CallId is null)
        {
            answer.WarnCreatedWithoutIds();
        }

        return created;
    }

    private sealed class CommandReader : AnswerReader<CallCommandResult>
    {
        internal override ValueTask<CallCommandResult> ReadAsync(Answer answer, CancellationToken cancellationToken)
            => new(new CallCommandResult(answer.Status, answer.TrackingId));
    }

    private sealed class CreatedReader : AnswerReader<CallCreatedResult>
    {
        internal override ValueTask<CallCreatedResult> ReadAsync(Answer answer, CancellationToken cancellationToken)
            => answer.Status == HttpStatusCode.Created ? ReadBodyAsync(answer, cancellationToken) : new(new CallCreatedResult(answer.Status, null, null, answer.TrackingId));

        private static async ValueTask<CallCreatedResult> ReadBodyAsync(Answer answer, CancellationToken cancellationToken)
        {
            var created = await ReadCreatedAsync(answer, cancellationToken).ConfigureAwait(false);
            return new CallCreatedResult(answer.Status, created?.CallId, created?.CallSessionId, answer.TrackingId);
        }
    }

    /// <summary>A transfer's answer: a 204 has no body to read (attended, automatic); a 201 has the new call's ids (mute).</summary>
    private sealed class TransferReader(TransferKind kind) : AnswerReader<TransferResult>
    {
        internal override ValueTask<TransferResult> ReadAsync(Answer answer, CancellationToken cancellationToken)
            => answer.Status == HttpStatusCode.Created ? ReadBodyAsync(answer, cancellationToken) : new(new TransferResult(kind, answer.Status, null, null, answer.TrackingId));

        private async ValueTask<TransferResult> ReadBodyAsync(Answer answer, CancellationToken cancellationToken)
        {
            var created = await ReadCreatedAsync(answer, cancellationToken).ConfigureAwait(false);
            return new TransferResult(kind, answer.Status, created?.CallId, created?.CallSessionId, answer.TrackingId);
        }
    }

    /// <summary>Where a call was parked. An unreadable body still means the call was parked: the party is unknown.</summary>
    private sealed class ParkedReader : AnswerReader<ParkResult>
    {
        internal override async ValueTask<ParkResult> ReadAsync(Answer answer, CancellationToken cancellationToken)
        {
            var body = await SuccessReader.TryReadAsync(answer.Response, WebexJsonContext.Default.ParkBody, cancellationToken).ConfigureAwait(false);
            return new ParkResult(answer.Status, CallMapper.ToParty(body?.ParkedAgainst), answer.TrackingId);
        }
    }

    /// <summary>The command happened: an unreadable answer gives a webhook without an id, and a warning.</summary>
    private sealed class WebhookWrittenReader : AnswerReader<CallWebhook>
    {
        internal override async ValueTask<CallWebhook> ReadAsync(Answer answer, CancellationToken cancellationToken)
        {
            if (await SuccessReader.TryReadAsync(answer.Response, WebexJsonContext.Default.WebhookBody, cancellationToken).ConfigureAwait(false) is { Id: { Length: > 0 } } body)
            {
                return CallMapper.ToWebhook(body);
            }

            answer.WarnCreatedWithoutIds();
            return new CallWebhook { Id = string.Empty };
        }
    }

    /// <summary>A query's body, mapped: empty, oversized, non-JSON or wrongly shaped is a <see cref="CallControlException"/>.</summary>
    /// <param name="typeInfo">The body's JSON metadata, asked for when a body is read: a process that only sends commands never builds it.</param>
    /// <param name="map">From the wire shape to the public model.</param>
    private sealed class QueryReader<TWire, TResult>(Func<WebexJsonContext, JsonTypeInfo<TWire>> typeInfo, Func<TWire, TResult> map) : AnswerReader<TResult>
        where TWire : class
    {
        internal override async ValueTask<TResult> ReadAsync(Answer answer, CancellationToken cancellationToken)
            => map(await SuccessReader.ReadQueryAsync(answer, typeInfo(WebexJsonContext.Default), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One page of call webhooks (other resources' are left out) and the next page's query.</summary>
    private sealed class WebhookPageReader : AnswerReader<WebhookPage>
    {
        internal override async ValueTask<WebhookPage> ReadAsync(Answer answer, CancellationToken cancellationToken)
        {
            var body = await SuccessReader.ReadQueryAsync(answer, WebexJsonContext.Default.WebhookListBody, cancellationToken).ConfigureAwait(false);
            var items = (body.Items ?? []).Where(w => w is not null && w.Resource == CallEventParser.Resource).Select(w => CallMapper.ToWebhook(w!)).ToList();
            return new WebhookPage(items, WebhookPaging.Next(answer));
        }
    }
}

/// <summary>One page of <c>GET webhooks</c>.</summary>
/// <param name="Items">The call webhooks on the page.</param>
/// <param name="Next">The next page's query, or null on the last page.</param>
internal sealed record WebhookPage(List<CallWebhook> Items, IDictionary<string, string>? Next);

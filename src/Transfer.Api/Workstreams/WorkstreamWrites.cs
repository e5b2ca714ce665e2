using JasperFx.Events;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams;

/// <summary>What every write to a workstream answers: the stream's new version (also sent as the ETag).</summary>
public sealed record WorkstreamVersion(string WorkstreamId, long Version);

/// <summary>A command on the workstream it names: one single post, or one row of an import.</summary>
public sealed record WorkstreamPost(string WorkstreamId, IWorkstreamCommand Command);

/// <summary>What the write loop made of one post: the event it appended and the stream's version after it, or why it refused.</summary>
public sealed record PostDecided(WorkstreamPost Post, IEvent? Appended, long Version, PostRefused? Refusal);

/// <summary>
/// The one write loop of the workstreams, for a single post and for every row of an import alike. In one round
/// trip it reads what the decisions need: each workstream behind its lock (in one order, so two writers never wait
/// on each other crosswise), every organisation the posts name and every counted item they post or retract. Then
/// each post in order, as if posted after the one before it: refused when its workstream does not exist or is not
/// at the If-Match version, when it names an organisation not registered, or when the domain refuses it; otherwise
/// decided, and the posts after it see it. Only when every post was decided are the events appended: one refusal,
/// and nothing is written.
/// </summary>
public static class WorkstreamWrites
{
    public static async Task<IReadOnlyList<PostDecided>> Decide(this WriteTransaction write, IReadOnlyList<WorkstreamPost> posts)
    {
        var streams = posts.Select(post => post.WorkstreamId).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(id => id, id => write.FetchForWriting<Workstream>(StreamKeys.Workstream(id)));
        var organisations = posts.SelectMany(post => post.Command.Organisations).Select(named => named.OrganisationId).Distinct()
            .ToDictionary(id => id, id => write.Load<Organisation>(id));
        var items = posts.Select(ItemId).OfType<string>().Distinct().ToDictionary(id => id, id => write.Load<CountedItem>(id));
        await write.Read();

        var known = new Dictionary<string, CountedItem?>();
        foreach (var (id, item) in items) known[id] = await item;
        var decided = new List<(WorkstreamPost Post, object? Event, PostRefused? Refusal)>();
        var appending = new Dictionary<string, int>();
        foreach (var post in posts)
        {
            var stream = await streams[post.WorkstreamId];
            var refusal = await Refusal(write, stream, post, organisations);
            var itemId = ItemId(post);
            var verdict = refusal is null ? post.Command.Decide(stream.Aggregate!, itemId is null ? null : known.GetValueOrDefault(itemId), write.Today) : null;
            if (verdict?.Rejection is { } rejection) refusal = new PostRefused.Rejected(rejection);
            decided.Add((post, refusal is null ? verdict!.Event : null, refusal));
            if (refusal is not null) continue;
            appending[post.WorkstreamId] = appending.GetValueOrDefault(post.WorkstreamId) + 1;
            // The posts below see this one, as a second single post would see the first. (Held in memory only:
            // they ask whether the item is counted, not when this was recorded.)
            if (itemId is not null && ItemEvent.Of(verdict!.Event!) is { } change)
                known[itemId] = CountedItem.Record(known.GetValueOrDefault(itemId), change, DateTimeOffset.UtcNow,
                    stream.Aggregate!.Version + appending[post.WorkstreamId]);
        }
        if (decided.Any(post => post.Refusal is not null))
            return decided.Select(post => new PostDecided(post.Post, null, 0, post.Refusal)).ToList();

        var answers = new List<PostDecided>();
        foreach (var (post, @event, _) in decided)
        {
            var stream = await streams[post.WorkstreamId];
            stream.AppendOne(@event!);
            answers.Add(new PostDecided(post, stream.Events[^1], stream.Aggregate!.Version + stream.Events.Count, null));
        }
        return answers;
    }

    /// <summary>One post, decided and committed: the workstream's new version, or the problem that refused it.</summary>
    public static async Task<IResult> DecideAndCommit(this WriteTransaction write, string workstreamId, IWorkstreamCommand command,
        int successStatus = StatusCodes.Status201Created)
    {
        var decided = (await write.Decide([new WorkstreamPost(workstreamId, command)]))[0];
        if (decided.Refusal is { } refusal) return refusal.Problem(workstreamId);
        return await write.Commit(successStatus, new WorkstreamVersion(workstreamId, decided.Version), version: decided.Version);
    }

    private static string? ItemId(WorkstreamPost post) => post.Command.Item is { } item ? CountedItem.IdOf(post.WorkstreamId, item) : null;

    private static async Task<PostRefused?> Refusal(WriteTransaction write, IEventStream<Workstream> stream, WorkstreamPost post,
        Dictionary<string, Task<Organisation?>> organisations)
    {
        if (stream.Aggregate is null)
            return new PostRefused.NoSuchWorkstream();
        // Read behind the stream's lock, so this is the current version.
        if (write.ExpectedVersion is { } expected && stream.Aggregate.Version != expected)
            return new PostRefused.StaleVersion();
        foreach (var named in post.Command.Organisations)
            if (await organisations[named.OrganisationId] is null)
                return new PostRefused.Unregistered(named);
        return null;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.History;
using Transfer.Api.Tests.Support;
using Transfer.Api.Verification;

namespace Transfer.Api.Tests.Verification;

/// <summary>Stored views changed straight in the database, and what /api/audit/verify says of them: PostgreSQL compares them with the replay.</summary>
public sealed class StoredViewTamperingTests(TransferAppFixture app) : ApiTest(app)
{
    private async Task<string[]> ViewDifferences()
    {
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var verify = await Get("/api/audit/verify", AuditorToken).View<VerificationReport>();
        var differences = verify.ViewDifferences.ToArray();
        verify.ViewsMatchReplay.ShouldBe(differences.Length == 0);
        return differences;
    }

    private async Task<string> Scalar(string sql)
    {
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (await command.ExecuteScalarAsync())!.ToString()!;
    }

    private async Task GivenContracts()
    {
        await GivenContractsWorkstream();
        foreach (var contractRef in new[] { "A", "B" })
            (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef, occurredOn = "2022-01-28" })).Status.ShouldBe(201);
        (await ViewDifferences()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edited_counted_item_is_named_and_restoring_it_matches_again()
    {
        await GivenContracts();
        var id = await Scalar("select id from transfer.mt_doc_counteditem where data->'key'->>'ref' = 'A'");
        var original = await Scalar($"select data::text from transfer.mt_doc_counteditem where id = '{id}'");

        await Scalar($"update transfer.mt_doc_counteditem set data = jsonb_set(data, '{{key,organisationId}}', '\"pshp\"') where id = '{id}' returning 1");
        (await ViewDifferences()).ShouldBe([$"CountedItem '{id}' differs from a replay of its events."]);

        // A property no replay writes is a difference too, though the document would still deserialise alike.
        await Scalar($"update transfer.mt_doc_counteditem set data = jsonb_set('{original}'::jsonb, '{{extra}}', 'true') where id = '{id}' returning 1");
        (await ViewDifferences()).ShouldBe([$"CountedItem '{id}' differs from a replay of its events."]);

        await Scalar($"update transfer.mt_doc_counteditem set data = '{original}'::jsonb where id = '{id}' returning 1");
        (await ViewDifferences()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_view_and_a_view_no_event_gives_are_named()
    {
        await GivenContracts();
        var block = await Scalar("select id from transfer.mt_doc_tallyblock where workstream_id = 'sopimukset' order by id limit 1");
        await Scalar($"delete from transfer.mt_doc_tallyblock where id = '{block}' returning 1");
        await Scalar("""
            insert into transfer.mt_doc_counteditem (id, data, mt_dotnet_type, workstream_id, mt_version)
            select 'sopimukset:invented', jsonb_set(data, '{id}', '"sopimukset:invented"'), mt_dotnet_type, workstream_id, mt_version
            from transfer.mt_doc_counteditem where data->'key'->>'ref' = 'B' returning 1
            """);
        await Scalar("update transfer.mt_doc_workstream set data = jsonb_set(data, '{version}', '1') where id = 'sopimukset' returning 1");

        (await ViewDifferences()).ShouldBe([
            "Workstream 'sopimukset' differs from a replay of its events.",
            "CountedItem 'sopimukset:invented' is stored but does not follow from any event.",
            $"TallyBlock '{block}' follows from the events but is not stored.",
        ]);
    }

    [Fact]
    public async Task The_views_of_a_workstream_without_events_are_named()
    {
        await GivenContracts();
        await Scalar("""
            insert into transfer.mt_doc_workstreamprofile (id, data, mt_dotnet_type, mt_version)
            select 'ghost', jsonb_set(data, '{id}', '"ghost"'), mt_dotnet_type, mt_version from transfer.mt_doc_workstreamprofile where id = 'sopimukset' returning 1
            """);

        (await ViewDifferences()).ShouldBe(["The views of workstream 'ghost' are stored but do not follow from any event."]);
    }

    [Fact]
    public void Links_are_hashed_as_the_chain_format_says_whatever_the_text()
    {
        var hasher = new LinkHasher();
        var instant = new DateTimeOffset(2022, 1, 28, 9, 47, 0, TimeSpan.FromHours(2)).AddTicks(1234560);
        StoredEvent[] events =
        [
            new(1, "sopimukset", 1, "workstream_registered", """{"name": "Sopimukset"}""", null, instant, null),
            new(2, "sopimukset", 2, "contract_transferred", """{"ref": "Ä-ö/€ 𝄞 \"x\""}""", "2022-01-28", instant.AddDays(1), "Tiina Tarkastaja"),
            new(long.MaxValue, "", 0, "", "", "", DateTimeOffset.UnixEpoch, "ääkköset"),
        ];
        var previous = AuditChain.Genesis;
        foreach (var e in events)
        {
            var link = hasher.Link(previous, e);
            link.ShouldBe(FormatSays(previous, e));
            AuditChain.Link(previous, e).ShouldBe(link);
            previous = link;
        }
    }

    /// <summary>The chain's format read literally: each field as "length:text;", length in UTF-16 code units, SHA-256 of the UTF-8.</summary>
    private static string FormatSays(string previous, StoredEvent e)
    {
        string[] fields =
        [
            previous, e.StreamId, e.Version.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Type, e.Data, e.OccurredOn ?? "", e.RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            e.RecordedBy ?? "",
        ];
        var text = string.Concat(fields.Select(field => $"{field.Length}:{field};"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

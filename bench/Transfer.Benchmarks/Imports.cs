using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;

/// <summary>
/// The PMO's import against single postings: 1,700 contract rows (Pirkanmaa's register by 30.1.2022) and
/// 20,000 in one file each, end to end (the file sent, every row decided, all stored in one transaction),
/// beside 200 single contract postings from one client.
/// </summary>
public static class Imports
{
    public static async Task Run(Api api, string sizeLabel)
    {
        var workstreams = await BenchWorkstreams.Prepare(api);
        Console.WriteLine($"| contract postings ({sizeLabel}) | rows | seconds | rows/s |");
        Console.WriteLine("| --- | --- | --- | --- |");
        var single = await workstreams.New("single");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
            await Api.Expect(await api.Http.PostAsJsonAsync($"/api/workstreams/{single}/contracts",
                new { organisationId = "bench-org", contractRef = $"S-{i}", counterparty = "Oy Ab", occurredOn = "2022-01-28" }), HttpStatusCode.Created);
        Row("200 single requests, one client", 200, clock.Elapsed);

        foreach (var rows in new[] { 1_700, 20_000 })
        {
            var workstream = await workstreams.New($"import-{rows}");
            var file = new StringBuilder("workstreamId;organisationId;contractRef;counterparty;occurredOn\n");
            for (var i = 0; i < rows; i++) file.Append(workstream).Append(";bench-org;I-").Append(i).Append(";Oy Ab;28.1.2022\n");
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(file.ToString()));
            body.Headers.ContentType = new("text/csv");
            clock.Restart();
            await Api.Expect(await api.Http.PostAsync("/api/imports/contracts", body), HttpStatusCode.Created);
            Row($"one import of {rows:N0} rows", rows, clock.Elapsed);
        }
        Console.WriteLine();
    }

    private static void Row(string label, int rows, TimeSpan elapsed) =>
        Console.WriteLine($"| {label} | {rows:N0} | {elapsed.TotalSeconds:0.00} | {rows / elapsed.TotalSeconds:N0} |");
}

using System.Net;
using System.Net.Http.Json;

/// <summary>The benchmark's own organisation and working group, and new workstreams under them, named for this run.</summary>
public sealed class BenchWorkstreams(Api api)
{
    private readonly string run = DateTime.UtcNow.ToString("HHmmss");

    public static async Task<BenchWorkstreams> Prepare(Api api)
    {
        await Api.Expect(await api.Http.PostAsJsonAsync("/api/organisations", new { id = "bench-org", name = "Benchmark municipality", kind = "municipality" }),
            HttpStatusCode.Created, HttpStatusCode.Conflict);
        await Api.Expect(await api.Http.PostAsJsonAsync("/api/working-groups", new { id = "bench-group", name = "Benchmark group" }),
            HttpStatusCode.Created, HttpStatusCode.Conflict);
        return new BenchWorkstreams(api);
    }

    public async Task<string> New(string name)
    {
        var id = $"bench-{run}-{name}";
        await Api.Expect(await api.Http.PostAsJsonAsync("/api/workstreams", new
        {
            id, name, workingGroupId = "bench-group", category = "administration", startDate = "2021-09-01", dueDate = "2022-01-31",
        }), HttpStatusCode.Created);
        return id;
    }
}

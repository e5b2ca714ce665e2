using System.Diagnostics;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Tests.Support;
using Wolverine;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// The API runs the Wolverine code generated ahead of time (src/Transfer.Api/Internal/Generated), never
/// compiling at run time, and that code is what `codegen write` makes of the routes today.
/// </summary>
public sealed class GeneratedCodeTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task The_API_loads_its_endpoints_from_the_generated_code_compiled_into_it()
    {
        Host.Services.GetRequiredService<WolverineOptions>().CodeGeneration.TypeLoadMode.ShouldBe(TypeLoadMode.Static);
        typeof(Program).Assembly.GetType("Internal.Generated.WolverineHandlers.POST_api_workstreams_id_contracts").ShouldNotBeNull();

        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-28" }))
            .Status.ShouldBe(201);
    }

    [Fact]
    public async Task The_committed_generated_code_is_what_codegen_write_makes_of_the_routes_now()
    {
        var committed = Path.Combine(Repository.Root, "src", "Transfer.Api", "Internal", "Generated");
        // `codegen write` writes beside the project file it finds above the assembly: give it a project of its own.
        var scratch = Directory.CreateTempSubdirectory("transfer-codegen-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(scratch, "Transfer.Api.csproj"), "");
            // A copy, not a link: the runtime resolves links to find the assembly's folder.
            CopyFolder(AppContext.BaseDirectory, Path.Combine(scratch, "app"));
            var codegen = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Path.Combine(scratch, "app", "Transfer.Api.dll"), "codegen", "write" }) codegen.ArgumentList.Add(argument);
            codegen.Environment[TransferAppFixture.ConnectionStringVariable] = "Host=127.0.0.1;Database=codegen";
            codegen.Environment["Auth__SigningKey"] = App.SigningKey;
            using var process = Process.Start(codegen)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            process.ExitCode.ShouldBe(0, await errors + await output);

            var written = Path.Combine(scratch, "Internal", "Generated");
            var expected = Files(written);
            expected.Keys.ShouldNotBeEmpty();
            Files(committed).Keys.ShouldBe(expected.Keys, ignoreOrder: true, "run scripts/codegen.sh and commit Internal/Generated");
            foreach (var (file, text) in Files(committed))
                text.ShouldBe(expected[file], $"{file} is stale: run scripts/codegen.sh and commit Internal/Generated");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path), File.ReadAllText);
}

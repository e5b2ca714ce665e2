namespace Transfer.Api.Tests.Support;

/// <summary>The source checkout the tests run from, for what they read beside the code (npm tools, generated code).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Transfer.sln"))) return folder.FullName;
        throw new InvalidOperationException("Transfer.sln not found above " + AppContext.BaseDirectory);
    }
}

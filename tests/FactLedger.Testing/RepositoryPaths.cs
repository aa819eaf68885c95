namespace FactLedger.Testing;

/// <summary>Finds the repository (the folder holding FactLedger.sln) from wherever the test binaries run.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FactLedger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No FactLedger.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Seeds => Path.Combine(Root, "seeds");
}

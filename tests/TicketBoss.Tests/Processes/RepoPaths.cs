namespace TicketBoss.Tests.Processes;

/// <summary>Where the built executables of the solution are, for tests that start them as real processes.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Orleans.TicketBoss.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Orleans.TicketBoss.sln not found above the test binaries.");
    });

    /// <summary>A file of the repository, e.g. <c>File("README.md")</c>.</summary>
    public static string File(string relativePath) => Path.Combine(Root.Value, relativePath);

    /// <summary>Release or Debug: whatever this test assembly was built as (test.sh builds the whole solution first).</summary>
    private static string Configuration => AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The built dll of a project, e.g. <c>Dll("Silo", "TicketBoss.Silo")</c>.</summary>
    public static string Dll(string projectFolder, string assemblyName)
    {
        var path = Path.Combine(Root.Value, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: build the solution first (./test.sh does).");
    }
}

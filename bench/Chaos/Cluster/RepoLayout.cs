namespace TicketBoss.Chaos.Cluster;

/// <summary>Where the repository and its built executables are (the run starts the Release build of Silo and Api).</summary>
internal sealed class RepoLayout(string root, string configuration)
{
    public string Root { get; } = root;

    public string PostgresScript => Path.Combine(Root, "scripts", "postgres.sh");

    public string SiloDll => Dll("Silo", "TicketBoss.Silo");

    public string GatewayDll => Dll("Api", "TicketBoss.Api");

    /// <summary>The repository above this program (or the one given), built as this program was (Release or Debug).</summary>
    public static RepoLayout Find(string? given)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        if (given is not null)
        {
            return new RepoLayout(Path.GetFullPath(given), configuration);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.TicketBoss.sln")))
            {
                return new RepoLayout(dir.FullName, configuration);
            }
        }
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.TicketBoss.sln")))
            {
                return new RepoLayout(dir.FullName, configuration);
            }
        }
        throw new ChaosSetupException("Orleans.TicketBoss.sln not found above this program or the current directory; pass --repo DIR.");
    }

    private string Dll(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new ChaosSetupException(
            $"{path} is not built: dotnet build Orleans.TicketBoss.sln -c {configuration}");
    }
}

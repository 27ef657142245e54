using Npgsql;

namespace TicketBoss.Chaos.Cluster;

/// <summary>
/// The run's own PostgreSQL: its own data directory and port on 127.0.0.1, started with scripts/postgres.sh (as the
/// postgres user when running as root). The run never connects to any other server.
/// </summary>
internal sealed class PostgresServer
{
    private const string Database = "ticketboss";
    private readonly RepoLayout _repo;

    private PostgresServer(RepoLayout repo, string dataDirectory, int port)
    {
        _repo = repo;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The service's database, for the silos and the checker.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database};Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync(RepoLayout repo, string dataDirectory, int port)
    {
        var server = new PostgresServer(repo, dataDirectory, port);
        await ShellScript.RunAsync(repo, "pg_start \"$1\" \"$2\"", dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary><c>pg_ctl restart -m fast</c> as the server's owner: every open connection is cut.</summary>
    public Task RestartAsync() => ShellScript.RunAsync(_repo,
        "pg_as_owner \"$(pg_bin)/pg_ctl\" -D \"$1\" -m fast -w -t 60 -l \"$1/server.log\" restart >/dev/null", DataDirectory);

    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ShellScript.RunAsync(_repo, "pg_stop \"$1\"", DataDirectory);
        }
        catch (ChaosSetupException e)
        {
            Console.Error.WriteLine(e.Message);
        }
    }
}

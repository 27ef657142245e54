using System.Reflection;

namespace TicketBoss.Grains.Storage;

/// <summary>A named, ordered list of SQL migrations, shipped as embedded resources named <c>NNN_what.sql</c>.</summary>
internal sealed class MigrationSource(string name, Assembly assembly, string resourceFolder)
{
    /// <summary>Prefix of this source's migration ids in <c>schema_migrations</c>.</summary>
    public string Name => name;

    /// <summary>The migrations in order, as (id, sql).</summary>
    public IEnumerable<(string Id, string Sql)> Load()
    {
        var prefix = $"{assembly.GetName().Name}.{resourceFolder}.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return ($"{name}/{resource[prefix.Length..^".sql".Length]}", reader.ReadToEnd());
        }
    }
}

namespace TicketBoss.Runtime;

/// <summary>The contract between the runtime and the fences that guard every commit.</summary>
public static class PostgresFence
{
    /// <summary>SQLSTATE a fence raises when the stored version is not the expected one.</summary>
    public const string ConflictSqlState = "TB409";

    /// <summary>SQLSTATE the silo fence raises when the committing silo is no longer an Active member.</summary>
    public const string SiloNotActiveSqlState = "TB410";
}

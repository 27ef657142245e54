namespace TicketBoss.Runtime;

/// <summary>The contract between the runtime and a grain storage's version fence.</summary>
public static class PostgresFence
{
    /// <summary>SQLSTATE a fence raises when the stored version is not the expected one.</summary>
    public const string ConflictSqlState = "TB409";
}

namespace TicketBoss.Grains.Storage;

/// <summary>The contract between the storage and the fences in SQL that guard every commit.</summary>
internal static class PostgresFence
{
    /// <summary>SQLSTATE a fence raises when the stored version is not the expected one.</summary>
    public const string ConflictSqlState = "TB409";
}

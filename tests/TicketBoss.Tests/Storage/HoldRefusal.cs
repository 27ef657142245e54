using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Storage;

/// <summary>
/// A trigger that makes PostgreSQL refuse new hold rows of one event (a commit the server rejects), until disposed:
/// every one, or only the first (a sequence counts them, and a sequence is not rolled back with the refused commit).
/// </summary>
internal sealed class HoldRefusal : IAsyncDisposable
{
    public const string Message = "refused by the test";

    private readonly string _database;

    private HoldRefusal(string database) => _database = database;

    /// <param name="database">The test's database.</param>
    /// <param name="eventId">The event whose hold rows are refused.</param>
    /// <param name="once">Refuse the first hold row only; the ones after it are let through.</param>
    public static async Task<HoldRefusal> InstallAsync(string database, string eventId, bool once = false)
    {
        var refuse = once ? "nextval('hold_refusals') = 1" : "true";
        await Db.ScalarAsync<object>(database, $"""
            CREATE SEQUENCE hold_refusals;
            CREATE FUNCTION refuse_holds() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.event_id = '{eventId}' AND {refuse} THEN RAISE EXCEPTION '{Message}'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_holds BEFORE INSERT ON holds FOR EACH ROW EXECUTE FUNCTION refuse_holds();
            SELECT 1
            """);
        return new HoldRefusal(database);
    }

    public async ValueTask DisposeAsync() =>
        await Db.ScalarAsync<object>(_database, "DROP TRIGGER refuse_holds ON holds; DROP FUNCTION refuse_holds(); DROP SEQUENCE hold_refusals; SELECT 1");
}

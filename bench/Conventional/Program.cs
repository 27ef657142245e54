using Npgsql;

// The conventional design, for comparison only: a plain ASP.NET endpoint where every hold is one PostgreSQL
// transaction with a conditional UPDATE (and the hold's row), as a typical CRUD ticketing service would do it.
// Started by bench/Bench with ConnectionStrings__Postgres; it keeps its own tables (conv_events, conv_holds).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres."))
{ MaxPoolSize = 64, MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ConnectionString; // prepared, as TicketBoss's statements are
await using var database = NpgsqlDataSource.Create(connectionString);
await using (var schema = database.CreateCommand("""
    CREATE TABLE IF NOT EXISTS conv_events (event_id text PRIMARY KEY, total integer NOT NULL, available integer NOT NULL CHECK (available >= 0));
    CREATE TABLE IF NOT EXISTS conv_holds (hold_id text PRIMARY KEY, event_id text NOT NULL, qty integer NOT NULL, expires_at timestamptz NOT NULL);
    """))
{
    await schema.ExecuteNonQueryAsync();
}

var app = builder.Build();
app.MapGet("/health/ready", () => Results.Ok());
app.MapPost("/events", async (CreateEvent body) =>
{
    var id = "cev_" + Guid.NewGuid().ToString("N")[..16];
    await using var insert = database.CreateCommand("INSERT INTO conv_events VALUES ($1, $2, $2)");
    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
    insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = body.total_seats });
    await insert.ExecuteNonQueryAsync();
    return Results.Json(new { event_id = id }, statusCode: 201);
});
app.MapPost("/holds", async (HoldBody body) =>
{
    // One statement is one transaction: take the seats only if enough are left, and record the hold.
    await using var hold = database.CreateCommand("""
        WITH taken AS (UPDATE conv_events SET available = available - $2 WHERE event_id = $1 AND available >= $2 RETURNING event_id)
        INSERT INTO conv_holds SELECT $3, event_id, $2, now() + make_interval(secs => $4) FROM taken RETURNING hold_id
        """);
    var id = "chl_" + Guid.NewGuid().ToString("N")[..16];
    hold.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body.event_id });
    hold.Parameters.Add(new NpgsqlParameter<int> { TypedValue = body.qty });
    hold.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
    hold.Parameters.Add(new NpgsqlParameter<double> { TypedValue = body.ttl_seconds });
    return await hold.ExecuteScalarAsync() is null
        ? Results.Json(new { code = "not_enough_seats" }, statusCode: 409)
        : Results.Json(new { hold_id = id, event_id = body.event_id, qty = body.qty }, statusCode: 201);
});
app.MapGet("/events/{id}", async (string id) =>
{
    await using var read = database.CreateCommand(
        "SELECT e.total, e.available, coalesce((SELECT sum(qty) FROM conv_holds h WHERE h.event_id = e.event_id), 0)::int FROM conv_events e WHERE event_id = $1");
    read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
    await using var row = await read.ExecuteReaderAsync();
    return await row.ReadAsync()
        ? Results.Json(new { total = row.GetInt32(0), available = row.GetInt32(1), held = row.GetInt32(2), booked = 0 })
        : Results.NotFound();
});
app.Run();

/// <summary>POST /events.</summary>
internal sealed record CreateEvent(int total_seats);

/// <summary>POST /holds.</summary>
internal sealed record HoldBody(string event_id, int qty, int ttl_seconds);

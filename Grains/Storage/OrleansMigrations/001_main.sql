-- Orleans' ADO.NET providers (clustering, reminders, grain storage) ship no SQL: at start-up each one loads its
-- statements from this table by key, then binds @-named parameters and reads result columns by name. The
-- providers run "SELECT QueryKey, QueryText FROM OrleansQuery" unquoted, so the lower-case folded names are
-- the contract. Each later migration adds the rows of one provider; a missing required key stops that provider.
CREATE TABLE OrleansQuery (
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

-- Durable reminders: one row per grain and name. A silo fires the rows that fall due.
CREATE TABLE reminders (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    name       text        NOT NULL,
    due_at     timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX reminders_due_at ON reminders (due_at);

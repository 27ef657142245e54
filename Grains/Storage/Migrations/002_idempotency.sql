-- First answers to requests sent with an Idempotency-Key, per caller scope, kept 24 h for replay.
CREATE TABLE idempotency_records (
    record_key  text        PRIMARY KEY,   -- "<caller scope>|<Idempotency-Key>"
    fingerprint text        NOT NULL,      -- SHA-256 of method, path and body: the same key for another request is refused
    status      integer     NOT NULL,
    headers     jsonb       NOT NULL,
    body        bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

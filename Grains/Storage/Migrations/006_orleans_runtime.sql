-- TicketBoss now runs on Orleans: membership and reminders live in Orleans's tables (the "orleans" migrations).
-- The tables and the silo fence of the runtime TicketBoss had before go; a silo of that version must not be running.
DROP FUNCTION IF EXISTS silo_fence(text);
DROP TABLE IF EXISTS silos;
DROP TABLE IF EXISTS reminders;
-- Idempotency records are grain state now, in Orleans's storage table (the silo's default storage). Answers kept
-- here for replay are not carried over: a retry within 24 h of the upgrade runs again.
DROP TABLE IF EXISTS idempotency_records;

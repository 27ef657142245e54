-- An activation loads only what is live (issue 21): active holds and confirmed bookings; ended ones are read one at a
-- time by primary key. The partial index makes the load of an event's live holds cost what is live, not its history:
-- a hold's row enters it when inserted active and leaves it (at the next vacuum) when the hold ends.
-- Confirmed bookings are read through the primary key (event_id, booking_id): cancelled ones are few.
CREATE INDEX holds_active ON holds (event_id) WHERE status = 'active';
-- The retention of ended holds (Ticketing:EndedHoldRetention) deletes by creation time; rows are written in that
-- order, so a block-range index finds old rows for almost nothing per insert.
CREATE INDEX holds_created_at ON holds USING brin (created_at);

-- Where a seat map's best seats in a row are: NULL for the centre (the default, and every event made before
-- maps could say otherwise), 'first' for a map that fills each row from its first seat.
ALTER TABLE events ADD COLUMN seat_preference text CHECK (seat_preference IN ('first'));

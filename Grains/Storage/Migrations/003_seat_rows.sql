-- The rows of each seat map, in order of preference: seats first_seat .. first_seat + seat_count - 1
-- (indexes into events.seat_labels) form one row, where a party of several is seated side by side.
-- Seat-mapped events created before this table existed have no rows here; they are read as runs of
-- labels that share a prefix (A1..A25 is row A).
CREATE TABLE seat_rows (
    event_id    text    NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    position    integer NOT NULL,
    section     text,
    row_label   text    NOT NULL,
    first_seat  integer NOT NULL CHECK (first_seat >= 0),
    seat_count  integer NOT NULL CHECK (seat_count > 0),
    PRIMARY KEY (event_id, position)
);

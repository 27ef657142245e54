-- Events, holds and bookings as plain relational tables, so that operators can query them.
-- Seats are numbered from 0 in the arrays below; seat_labels (null: seats are numbered 1..capacity)
-- gives each its label. The counts on events are those of the last commit.
CREATE TABLE events (
    event_id          text        PRIMARY KEY,
    name              text        NOT NULL,
    venue             text,
    starts_at         timestamptz,
    capacity          integer     NOT NULL CHECK (capacity > 0),
    seat_labels       text[],
    created_at        timestamptz NOT NULL,
    version           bigint      NOT NULL CHECK (version >= 0),
    available         integer     NOT NULL CHECK (available >= 0),
    held              integer     NOT NULL CHECK (held >= 0),
    booked            integer     NOT NULL CHECK (booked >= 0),
    reservation_count integer     NOT NULL CHECK (reservation_count >= 0),
    CHECK (available + held + booked = capacity)
);

CREATE TABLE holds (
    hold_id       text        PRIMARY KEY,
    event_id      text        NOT NULL REFERENCES events ON DELETE CASCADE,
    seats         integer[]   NOT NULL,
    payment_token text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('active', 'booked', 'released', 'expired')),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    booking_id    text
);
CREATE INDEX holds_event_id ON holds (event_id);

CREATE TABLE bookings (
    booking_id   text        PRIMARY KEY,
    event_id     text        NOT NULL REFERENCES events ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('hold', 'direct', 'reservation', 'seat')),
    seats        integer[]   NOT NULL,
    status       text        NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    created_at   timestamptz NOT NULL,
    cancelled_at timestamptz,
    hold_id      text,
    partner_id   text,
    user_id      text
);
CREATE INDEX bookings_event_id ON bookings (event_id);
CREATE INDEX bookings_partner_id ON bookings (partner_id) WHERE partner_id IS NOT NULL;

-- The version fence: raises TB409 unless exactly one row was written, which rolls back the whole commit.
CREATE FUNCTION fence_check(written bigint, event_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF written <> 1 THEN
        RAISE EXCEPTION 'event % was changed by another activation', event_id USING ERRCODE = 'TB409';
    END IF;
END $$;

-- Who has each seat: one row per seat in a live hold or a confirmed booking.
-- A seat appearing twice for one event would be an oversell; this view makes that a one-line query.
CREATE VIEW seat_assignments AS
    SELECT h.event_id, s.seat, 'held' AS status, h.hold_id AS held_by, NULL::text AS booking_id
      FROM holds h, unnest(h.seats) AS s(seat) WHERE h.status = 'active'
    UNION ALL
    SELECT b.event_id, s.seat, 'booked', NULL, b.booking_id
      FROM bookings b, unnest(b.seats) AS s(seat) WHERE b.status = 'confirmed';

-- Cluster membership: one row per silo incarnation. Heartbeats use the database clock, so silos need no clock sync.
CREATE TABLE silos (
    id               text        PRIMARY KEY,
    address          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('Active', 'Dead')),
    pid              integer     NOT NULL,
    activations      integer     NOT NULL DEFAULT 0,
    started_at       timestamptz NOT NULL DEFAULT now(),
    last_heartbeat   timestamptz NOT NULL DEFAULT now(),
    declared_dead_at timestamptz,
    declared_dead_by text
);

-- Every commit of a silo starts with this check. FOR SHARE makes a commit and the UPDATE that declares its silo
-- dead exclude each other: either the commit lands before the silo is declared dead (so before any other silo
-- takes its grains over), or it fails. A silo declared dead can never commit again.
CREATE FUNCTION silo_fence(p_silo text) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM silos WHERE id = p_silo AND status = 'Active' FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'silo % is not an active member of the cluster', p_silo USING ERRCODE = 'TB410';
    END IF;
    RETURN 1;
END $$;

-- Grain state for Microsoft.Orleans.Persistence.AdoNet. The provider names a state by what the grain passes as its
-- "grain type", which is the state name of [PersistentState("name")], not the grain class, and by the grain's key
-- alone: two 64-bit halves (a Guid key, or 0 and an integer key) plus an optional string (a key extension, or the
-- whole key of a string-keyed grain). So one row per (service, state name, key): grain classes that share a state
-- name and a key share a row. The two int hashes it also sends only narrow the lookup; the unique index holds the
-- real identity (md5 of the strings keeps index entries small whatever the key length).
-- version is the etag. A write or clear succeeds only against the version the grain holds (none: the row must
-- not exist yet) and returns the new one; on a conflict no row or NULL comes back, and the provider raises
-- InconsistentStateException. Versions wrap from 2147483647 to 1 rather than overflow.
CREATE TABLE orleans_storage (
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,   -- the state name
    grain_type_hash    integer     NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text,
    payload            bytea,                  -- null once cleared; the row keeps its version
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX orleans_storage_grain ON orleans_storage (
    grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
    md5(grain_type), coalesce(md5(grain_id_extension), ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- With a version: update that row. Without one: insert, unless a row already exists (a conflict).
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
       SET payload = @PayloadBinary,
           version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
           modified_at = now()
     WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage (service_id, grain_type, grain_type_hash, grain_id_hash,
                                 grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash,
           @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$q$),

-- ClearStateAsync by default: keep the row, drop the payload, move the version on.
('ClearStorageKey', $q$
UPDATE orleans_storage
   SET payload = NULL,
       version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
       modified_at = now()
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion"
$q$),

-- ClearStateAsync with DeleteStateOnClear = true: remove the row. The provider expects a value other than the
-- old version back (the next one) and then forgets the etag.
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END AS "NewGrainStateVersion"
$q$);

-- The version fence of a statement that moves many event rows at once (the commits of many activations that
-- share a transaction): raises TB409 unless every row was written, which rolls back the whole transaction.
CREATE FUNCTION fence_check_rows(written bigint, event_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF written <> cardinality(event_ids) THEN
        RAISE EXCEPTION 'event % was changed by another activation', array_to_string(event_ids, ', ') USING ERRCODE = 'TB409';
    END IF;
END $$;

-- A leaner append, same guarantees (see 002_append.sql for the first version and the README for the costs).

-- The body calls extract(epoch FROM timestamptz) and convert_to, which are STABLE: declared IMMUTABLE, the planner
-- refused to inline it, so every append parsed and planned this SQL function's body again. Same formula, same bytes.
ALTER FUNCTION ledger.chain_hash(bytea, bigint, text, integer, text, integer, bytea, timestamptz) STABLE;

-- What an append of these event ids already stored returns: nothing if none of them is stored, the original result
-- if exactly these events are stored in this stream (an idempotent retry), and error FL422 for any other overlap.
CREATE FUNCTION ledger.stored_append(p_stream_id text, p_event_ids uuid[])
RETURNS TABLE (out_position bigint, out_stream_version integer, out_recorded_at timestamptz, out_was_duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_existing integer;
BEGIN
  SELECT count(*) INTO v_existing FROM ledger.events e WHERE e.event_id = ANY (p_event_ids);
  IF v_existing = 0 THEN
    RETURN;
  END IF;
  IF v_existing = cardinality(p_event_ids) AND NOT EXISTS (
      SELECT 1 FROM ledger.events e WHERE e.event_id = ANY (p_event_ids) AND e.stream_id <> p_stream_id) THEN
    RETURN QUERY SELECT e.position, e.stream_version, e.recorded_at, true
      FROM ledger.events e WHERE e.event_id = ANY (p_event_ids) ORDER BY e.stream_version;
    RETURN;
  END IF;
  RAISE EXCEPTION 'some of these event ids are already stored, but not as this same append'
    USING ERRCODE = 'FL422';
END $$;

-- expected_version: -1 any, 0 the stream must not exist, n > 0 the stream must be at exactly n.
-- p_check_duplicates: look for already stored event ids before anything else, and report a stream that exists as a
-- version conflict. The store first appends without: then a new stream's row is inserted without ON CONFLICT (an
-- existing stream trips streams_pkey), a retry of a stored append expecting Exact(n) fails the version check, which
-- then looks, and any other overlap trips the unique index on event_id; after either unique violation the store asks
-- again with the look-up. Only the event_id case (a retry expecting Any, or a conflicting reuse of ids) can leave
-- positions unused; a version conflict never does.
-- No NOTIFY here: a NOTIFY serialises committing transactions on one lock; the store signals after commit instead.
CREATE FUNCTION ledger.append_to_stream(
  p_stream_id text, p_stream_type text, p_expected_version integer,
  p_event_ids uuid[], p_event_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_content_digests bytea[], p_check_duplicates boolean)
RETURNS TABLE (out_position bigint, out_stream_version integer, out_recorded_at timestamptz, out_was_duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_count    integer := cardinality(p_event_ids);
  v_version  integer;
  v_head     bytea;
  v_position bigint;
  v_now      timestamptz := now();
BEGIN
  IF v_count IS NULL OR v_count = 0 THEN
    RAISE EXCEPTION 'an append needs at least one event' USING ERRCODE = 'FL400';
  END IF;

  IF p_check_duplicates THEN
    RETURN QUERY SELECT * FROM ledger.stored_append(p_stream_id, p_event_ids);
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;

  IF p_expected_version = 0 AND NOT p_check_duplicates THEN
    -- The insert is the check, before any position is taken: it fails (streams_pkey) if the stream exists, after
    -- waiting for a racing first append to finish, and the store asks again with the look-up, which lands below.
    INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash)
      VALUES (p_stream_id, p_stream_type, v_count, '\x'::bytea);
    v_version := 0;
  ELSIF p_expected_version = 0 THEN
    INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash)
      VALUES (p_stream_id, p_stream_type, v_count, '\x'::bytea)
      ON CONFLICT (stream_id) DO NOTHING;
    IF FOUND THEN
      v_version := 0;
    END IF;
  ELSE
    SELECT s.version, s.head_hash INTO v_version, v_head FROM ledger.streams s
      WHERE s.stream_id = p_stream_id FOR UPDATE;
    IF NOT FOUND AND p_expected_version < 0 THEN
      -- Two first appends may race: only one inserts the stream row; the other waits on it and re-reads.
      INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash)
        VALUES (p_stream_id, p_stream_type, v_count, '\x'::bytea)
        ON CONFLICT (stream_id) DO NOTHING;
      IF FOUND THEN
        v_version := 0;
      ELSE
        SELECT s.version, s.head_hash INTO v_version, v_head FROM ledger.streams s
          WHERE s.stream_id = p_stream_id FOR UPDATE;
      END IF;
    ELSIF p_expected_version > 0 AND v_version IS DISTINCT FROM p_expected_version THEN
      v_version := NULL;
    END IF;
  END IF;

  IF v_version IS NULL THEN
    -- Rejected before any position was taken. A retry of an append already stored lands here too.
    RETURN QUERY SELECT * FROM ledger.stored_append(p_stream_id, p_event_ids);
    IF FOUND THEN
      RETURN;
    END IF;
    SELECT s.version INTO v_version FROM ledger.streams s WHERE s.stream_id = p_stream_id;
    RAISE EXCEPTION 'stream % was expected at version % but %; actual version %', p_stream_id,
      CASE WHEN p_expected_version = 0 THEN 'none (new stream)' ELSE p_expected_version::text END,
      CASE WHEN v_version IS NULL THEN 'does not exist' ELSE 'exists' END, coalesce(v_version, 0)
      USING ERRCODE = 'FL409';
  END IF;

  IF v_version = 0 THEN
    v_head := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
  END IF;

  out_recorded_at := v_now;
  out_was_duplicate := false;
  FOR i IN 1 .. v_count LOOP
    v_position := nextval('ledger.event_position');
    v_version := v_version + 1;
    v_head := ledger.chain_hash(v_head, v_position, p_stream_id, v_version, p_event_types[i],
      p_schema_versions[i], p_content_digests[i], v_now);
    INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version,
      data, metadata, recorded_at, content_digest, hash)
    VALUES (v_position, p_stream_id, v_version, p_event_ids[i], p_event_types[i], p_schema_versions[i],
      p_data[i], p_metadata[i], v_now, p_content_digests[i], v_head);
    out_position := v_position;
    out_stream_version := v_version;
    RETURN NEXT;
  END LOOP;

  UPDATE ledger.streams s SET version = v_version, head_hash = v_head, updated_at = v_now
    WHERE s.stream_id = p_stream_id;
END $$;

-- The first version's entry point, for callers that still use it: duplicates are looked for first, as before.
CREATE OR REPLACE FUNCTION ledger.append_events(
  p_stream_id text, p_stream_type text, p_expected_version integer,
  p_event_ids uuid[], p_event_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_content_digests bytea[])
RETURNS TABLE (out_position bigint, out_stream_version integer, out_recorded_at timestamptz, out_was_duplicate boolean)
LANGUAGE sql AS $$
  SELECT * FROM ledger.append_to_stream(p_stream_id, p_stream_type, p_expected_version, p_event_ids, p_event_types,
    p_schema_versions, p_data, p_metadata, p_content_digests, true)
$$;

GRANT EXECUTE ON FUNCTION ledger.stored_append(text, uuid[]) TO factledger_app;
GRANT EXECUTE ON FUNCTION ledger.append_to_stream(text, text, integer, uuid[], text[], integer[], jsonb[], jsonb[], bytea[], boolean) TO factledger_app;

-- A new stream's lone first event is appended by one statement that inserts the stream row and then the event
-- (EventStore.Append.cs). A statement cannot update a row it inserted, and a second statement to copy the event's
-- hash into the stream row cost a quarter of that append, so such a stream row keeps an empty head ('\x'): its head
-- is the hash of its event at version 1, looked up here by the next append. verify accepts an empty head only at
-- version 1. Unchanged otherwise from 004.
CREATE OR REPLACE FUNCTION ledger.append_to_stream(
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
  ELSIF v_head = '\x'::bytea THEN
    -- The stream row is locked above, so its event at this version is the head and stays so.
    SELECT e.hash INTO v_head FROM ledger.events e WHERE e.stream_id = p_stream_id AND e.stream_version = v_version;
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

-- One round trip per append: idempotency check, version check under a row lock, then positions and hashes.
-- The chain hash formula is mirrored by FactLedger.EventStore.Integrity.EventHasher; change both or neither.
CREATE FUNCTION ledger.chain_hash(
  p_previous_hash bytea, p_position bigint, p_stream_id text, p_stream_version integer, p_event_type text,
  p_schema_version integer, p_content_digest bytea, p_recorded_at timestamptz) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT sha256(convert_to(
    'fl1|' || encode(p_previous_hash, 'hex') || '|' || p_position::text || '|' ||
    octet_length(p_stream_id)::text || ':' || p_stream_id || '|' || p_stream_version::text || '|' ||
    octet_length(p_event_type)::text || ':' || p_event_type || '|' || p_schema_version::text || '|' ||
    encode(p_content_digest, 'hex') || '|' ||
    (extract(epoch FROM p_recorded_at) * 1000000)::bigint::text, 'UTF8'))
$$;

-- expected_version: -1 any, 0 the stream must not exist, n > 0 the stream must be at exactly n.
CREATE FUNCTION ledger.append_events(
  p_stream_id text, p_stream_type text, p_expected_version integer,
  p_event_ids uuid[], p_event_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_content_digests bytea[])
RETURNS TABLE (out_position bigint, out_stream_version integer, out_recorded_at timestamptz, out_was_duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_count     integer := cardinality(p_event_ids);
  v_existing  integer;
  v_version   integer;
  v_head      bytea;
  v_found     boolean;
  v_position  bigint;
  v_hash      bytea;
  v_now       timestamptz := now();
BEGIN
  IF v_count IS NULL OR v_count = 0 THEN
    RAISE EXCEPTION 'an append needs at least one event' USING ERRCODE = 'FL400';
  END IF;

  SELECT count(*) INTO v_existing FROM ledger.events e WHERE e.event_id = ANY (p_event_ids);
  IF v_existing > 0 THEN
    IF v_existing = v_count AND NOT EXISTS (
        SELECT 1 FROM ledger.events e WHERE e.event_id = ANY (p_event_ids) AND e.stream_id <> p_stream_id) THEN
      RETURN QUERY SELECT e.position, e.stream_version, e.recorded_at, true
        FROM ledger.events e WHERE e.event_id = ANY (p_event_ids) ORDER BY e.stream_version;
      RETURN;
    END IF;
    RAISE EXCEPTION 'some of these event ids are already stored, but not as this same append'
      USING ERRCODE = 'FL422';
  END IF;

  SELECT s.version, s.head_hash INTO v_version, v_head FROM ledger.streams s
    WHERE s.stream_id = p_stream_id FOR UPDATE;
  v_found := FOUND;

  IF NOT v_found THEN
    IF p_expected_version > 0 THEN
      RAISE EXCEPTION 'stream % was expected at version % but does not exist; actual version 0', p_stream_id, p_expected_version
        USING ERRCODE = 'FL409';
    END IF;
    -- Two first appends may race: only one inserts the stream row; the other waits on it and re-checks.
    INSERT INTO ledger.streams AS s (stream_id, stream_type, version, head_hash)
      VALUES (p_stream_id, p_stream_type, v_count, '\x'::bytea)
      ON CONFLICT (stream_id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT s.version, s.head_hash INTO v_version, v_head FROM ledger.streams s
        WHERE s.stream_id = p_stream_id FOR UPDATE;
      v_found := true;
    ELSE
      v_version := 0;
      v_head := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;
  END IF;

  IF v_found AND (p_expected_version = 0 OR (p_expected_version > 0 AND v_version <> p_expected_version)) THEN
    RAISE EXCEPTION 'stream % was expected at version % but exists; actual version %', p_stream_id,
      CASE WHEN p_expected_version = 0 THEN 'none (new stream)' ELSE p_expected_version::text END, v_version
      USING ERRCODE = 'FL409';
  END IF;

  FOR i IN 1 .. v_count LOOP
    v_position := nextval('ledger.event_position');
    v_version := v_version + 1;
    v_hash := ledger.chain_hash(v_head, v_position, p_stream_id, v_version, p_event_types[i],
      p_schema_versions[i], p_content_digests[i], v_now);
    INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version,
      data, metadata, recorded_at, content_digest, hash)
    VALUES (v_position, p_stream_id, v_version, p_event_ids[i], p_event_types[i], p_schema_versions[i],
      p_data[i], p_metadata[i], v_now, p_content_digests[i], v_hash);
    v_head := v_hash;
    out_position := v_position; out_stream_version := v_version; out_recorded_at := v_now; out_was_duplicate := false;
    RETURN NEXT;
  END LOOP;

  UPDATE ledger.streams s SET version = v_version, head_hash = v_head, updated_at = v_now
    WHERE s.stream_id = p_stream_id;
  PERFORM pg_notify('ledger_appended', '');
END $$;

-- The event store: streams, the append-only event log, the sealed global feed and its checkpoints.
CREATE SCHEMA IF NOT EXISTS ledger;

CREATE TABLE ledger.streams (
  stream_id   text        PRIMARY KEY,
  stream_type text        NOT NULL,
  version     integer     NOT NULL CHECK (version >= 1),
  head_hash   bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Positions come from a sequence and are taken only after the version check passed, so a rejected append
-- consumes none. Sequences commit out of order, so position order is NOT commit order: the feed below is.
CREATE SEQUENCE ledger.event_position AS bigint;

CREATE TABLE ledger.events (
  position        bigint      PRIMARY KEY,
  stream_id       text        NOT NULL,
  stream_version  integer     NOT NULL CHECK (stream_version >= 1),
  event_id        uuid        NOT NULL UNIQUE,
  event_type      text        NOT NULL,
  schema_version  integer     NOT NULL DEFAULT 1,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  -- The writing transaction: lets the sealer read only transactions that can no longer commit behind it.
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  content_digest  bytea       NOT NULL,
  hash            bytea       NOT NULL,
  UNIQUE (stream_id, stream_version)
);

CREATE INDEX events_by_transaction ON ledger.events (transaction_id, position);
CREATE INDEX events_by_recorded_at ON ledger.events (recorded_at);
CREATE INDEX events_by_type ON ledger.events (event_type);

-- The global feed: a dense, gap-free sequence assigned by one sealer at a time, in an order no later commit
-- can slip behind. Checkpointing consumers read this, never raw positions.
CREATE TABLE ledger.feed (
  sequence    bigint      PRIMARY KEY,
  position    bigint      NOT NULL UNIQUE,
  event_hash  bytea       NOT NULL,
  feed_hash   bytea       NOT NULL,
  sealed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger.seal_checkpoints (
  sequence   bigint      PRIMARY KEY,
  head_hash  bytea       NOT NULL,
  sealed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger.projection_checkpoints (
  name        text        PRIMARY KEY,
  sequence    bigint      NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION ledger.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed: the ledger is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'FL403';
END $$;

CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON ledger.events
  FOR EACH ROW EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER events_cannot_be_truncated BEFORE TRUNCATE ON ledger.events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER feed_is_immutable BEFORE UPDATE OR DELETE ON ledger.feed
  FOR EACH ROW EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER feed_cannot_be_truncated BEFORE TRUNCATE ON ledger.feed
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER seal_checkpoints_are_immutable BEFORE UPDATE OR DELETE ON ledger.seal_checkpoints
  FOR EACH ROW EXECUTE FUNCTION ledger.reject_change();
CREATE TRIGGER seal_checkpoints_cannot_be_truncated BEFORE TRUNCATE ON ledger.seal_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.reject_change();

-- Read models of the ledger. Everything here can be rebuilt from ledger.events (factledger replay).
CREATE SCHEMA IF NOT EXISTS ledger_read;

CREATE TABLE ledger_read.sources (
  source_id     text        PRIMARY KEY,
  title         text        NOT NULL,
  publisher     text,
  language      text        NOT NULL,
  published     text,
  version       integer     NOT NULL,
  last_position bigint      NOT NULL,
  doc           jsonb       NOT NULL
);

CREATE TABLE ledger_read.claims (
  claim_id      text        PRIMARY KEY,
  source_id     text        NOT NULL,
  platform      text        NOT NULL,
  metric        text        NOT NULL,
  status        text        NOT NULL,
  verdict       text,
  as_of_start   date,
  -- Every platform|metric the claim has ever been filed under: a correction that moves it must refresh both figures.
  figure_keys   text[]      NOT NULL,
  version       integer     NOT NULL,
  last_position bigint      NOT NULL,
  doc           jsonb       NOT NULL
);
CREATE INDEX claims_by_figure ON ledger_read.claims (platform, metric);
CREATE INDEX claims_by_source ON ledger_read.claims (source_id);

CREATE TABLE ledger_read.figures (
  platform      text        NOT NULL,
  metric        text        NOT NULL,
  claim_count   integer     NOT NULL,
  doc           jsonb       NOT NULL,
  PRIMARY KEY (platform, metric)
);

GRANT USAGE ON SCHEMA ledger_read TO factledger_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ledger_read TO factledger_app;
GRANT SELECT ON SEQUENCE ledger.event_position TO factledger_app;

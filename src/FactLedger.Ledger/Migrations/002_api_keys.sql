-- API keys: who may write, and as whom. Only a SHA-256 hash of each key is kept; the key itself is shown once.
-- Kept apart from ledger_read, which rebuilds may drop and recreate.
CREATE SCHEMA IF NOT EXISTS ledger_access;

CREATE TABLE ledger_access.api_keys (
  id          text        PRIMARY KEY,
  key_hash    bytea       NOT NULL UNIQUE,
  role        text        NOT NULL CHECK (role IN ('fact-checker', 'admin')),
  owner       text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

GRANT USAGE ON SCHEMA ledger_access TO factledger_app;
GRANT SELECT, INSERT, UPDATE ON ledger_access.api_keys TO factledger_app;

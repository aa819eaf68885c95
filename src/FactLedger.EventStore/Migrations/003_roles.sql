-- The application's role may only add to and read the log; it can never rewrite it.
DO $$
BEGIN
  CREATE ROLE factledger_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;

GRANT USAGE ON SCHEMA ledger TO factledger_app;
GRANT SELECT, INSERT ON ledger.events, ledger.feed, ledger.seal_checkpoints TO factledger_app;
GRANT SELECT, INSERT, UPDATE ON ledger.streams, ledger.projection_checkpoints TO factledger_app;
GRANT USAGE ON SEQUENCE ledger.event_position TO factledger_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ledger TO factledger_app;

-- Every index on the log is written by every append. These two served no query: reads by time go through a stream
-- (its (stream_id, stream_version) index) or scan the log in stream or position order, and reads by type are
-- filtered within a transaction range (events_by_transaction). Each cost an append about 4-5 µs of server time.
DROP INDEX IF EXISTS ledger.events_by_recorded_at;
DROP INDEX IF EXISTS ledger.events_by_type;

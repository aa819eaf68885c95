-- What a claim shows of its source is read from columns alone: doc->>'url' would decompress the whole document,
-- article text included, for every source a claim rebuild or a claim append looks up.
ALTER TABLE ledger_read.sources ADD COLUMN url text;
UPDATE ledger_read.sources SET url = doc->>'url';

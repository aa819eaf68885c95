-- What a timeline entry shows beyond the figure columns of 003, so that a timeline page is read from columns alone.
-- With the document stored as json (007) the page took it apart per row, parsing the whole text: four times slower.
-- The application writes these from each claim's view (ClaimColumns); this backfills rows already stored, once.
ALTER TABLE ledger_read.claims
  ADD COLUMN unit         text,
  ADD COLUMN as_of_text   text,
  ADD COLUMN as_of_note   text,
  ADD COLUMN source_title text;

UPDATE ledger_read.claims SET
  unit = doc->>'unit',
  as_of_text = doc->'asOf'->>'text',
  as_of_note = doc->'asOf'->>'note',
  source_title = doc->'source'->>'title';

ALTER TABLE ledger_read.claims
  ALTER COLUMN unit SET NOT NULL,
  ALTER COLUMN source_title SET NOT NULL;

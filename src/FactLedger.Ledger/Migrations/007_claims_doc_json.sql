-- A claim's document is only ever read back whole (doc::text) or replaced; nothing queries inside it. As jsonb the
-- server parsed every written document into its binary form and printed it again on every read: re-ingesting the
-- 533 k claim rows of a 1 M-event ledger took 24 s of server time, 9 s as text. json keeps the text as written,
-- checked for syntax only.
ALTER TABLE ledger_read.claims ALTER COLUMN doc TYPE json USING doc::json;

-- Superseded by the figure and timeline columns of 003 and never read since; still written by every claim write.
ALTER TABLE ledger_read.claims DROP COLUMN as_of_start;

-- claims_latest_first and claims_timeline both lead with (platform, metric) and serve every query this one did.
DROP INDEX IF EXISTS ledger_read.claims_by_figure;

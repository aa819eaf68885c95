-- Columns that let a figure and a timeline page be read with bounded, indexed queries instead of loading every claim
-- document of a platform and metric. The application derives them from each claim's view when it writes the row
-- (ClaimColumns, shared by the inline projection and the replay's COPY); this script backfills rows already stored
-- from their documents, once. Dates are a partial date's first day and precision (0 unknown, 1 year, 2 month, 3 day),
-- and an unknown date's first day is -infinity (how Npgsql writes DateOnly.MinValue, PartialDate.Unknown's start, and
-- reads it back), so that sort keys are never null: keyset cursors compare whole rows.
ALTER TABLE ledger_read.claims
  ADD COLUMN value               numeric,
  ADD COLUMN qualifier           text,
  ADD COLUMN exclusion           text,      -- FigureRules.Exclusion: 'retracted', 'rated_false' or null
  ADD COLUMN figure_role         text,      -- FigureRules.Role: 'candidate', 'forecast' or 'excluded'
  ADD COLUMN as_of_unknown       boolean,
  ADD COLUMN as_of_first         date,
  ADD COLUMN as_of_precision     smallint,
  ADD COLUMN since_first         date,
  ADD COLUMN since_precision     smallint,
  ADD COLUMN published_unknown   boolean,
  ADD COLUMN published_first     date,
  ADD COLUMN published_precision smallint,
  ADD COLUMN position            bigint;

CREATE FUNCTION pg_temp.date_precision(text) RETURNS smallint LANGUAGE sql IMMUTABLE AS
$$ SELECT (CASE length($1) WHEN 4 THEN 1 WHEN 7 THEN 2 WHEN 10 THEN 3 ELSE 0 END)::smallint $$;

CREATE FUNCTION pg_temp.date_first(text) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE length($1) WHEN 4 THEN ($1 || '-01-01')::date WHEN 7 THEN ($1 || '-01')::date WHEN 10 THEN $1::date ELSE DATE '-infinity' END $$;

UPDATE ledger_read.claims SET
  value = (doc->>'value')::numeric,
  qualifier = doc->>'qualifier',
  exclusion = CASE WHEN status = 'retracted' THEN 'retracted' WHEN verdict = 'false' THEN 'rated_false' END,
  figure_role = CASE WHEN status = 'retracted' OR verdict IS NOT DISTINCT FROM 'false' THEN 'excluded'
                     WHEN doc->>'qualifier' = 'forecast' THEN 'forecast' ELSE 'candidate' END,
  as_of_unknown = pg_temp.date_precision(doc->'asOf'->>'date') = 0,
  as_of_first = pg_temp.date_first(doc->'asOf'->>'date'),
  as_of_precision = pg_temp.date_precision(doc->'asOf'->>'date'),
  since_first = CASE WHEN pg_temp.date_precision(doc->'asOf'->>'since') > 0 THEN pg_temp.date_first(doc->'asOf'->>'since') END,
  since_precision = CASE WHEN pg_temp.date_precision(doc->'asOf'->>'since') > 0 THEN pg_temp.date_precision(doc->'asOf'->>'since') END,
  published_unknown = pg_temp.date_precision(doc->'source'->>'published') = 0,
  published_first = pg_temp.date_first(doc->'source'->>'published'),
  published_precision = pg_temp.date_precision(doc->'source'->>'published'),
  position = (doc->>'position')::bigint;

ALTER TABLE ledger_read.claims
  ALTER COLUMN value SET NOT NULL,
  ALTER COLUMN qualifier SET NOT NULL,
  ALTER COLUMN figure_role SET NOT NULL,
  ALTER COLUMN as_of_unknown SET NOT NULL,
  ALTER COLUMN as_of_first SET NOT NULL,
  ALTER COLUMN as_of_precision SET NOT NULL,
  ALTER COLUMN published_unknown SET NOT NULL,
  ALTER COLUMN published_first SET NOT NULL,
  ALTER COLUMN published_precision SET NOT NULL,
  ALTER COLUMN position SET NOT NULL;

-- FigureRules.LatestFirst per role: the chosen claim is the first candidate, forecasts and exclusions the first few;
-- the included columns let the same-period scan answer from the index alone.
CREATE INDEX claims_latest_first ON ledger_read.claims
  (platform, metric, figure_role, as_of_unknown, as_of_first DESC, as_of_precision DESC, published_first DESC,
   published_precision DESC, position DESC, claim_id COLLATE "C")
  INCLUDE (value, qualifier, since_first, since_precision);

-- Timeline.Build's order, for keyset pages: (the sort key) > (the cursor's) walks this index forward.
CREATE INDEX claims_timeline ON ledger_read.claims
  (platform, metric, as_of_unknown, as_of_first, as_of_precision, published_unknown, published_first,
   published_precision, position, claim_id COLLATE "C");

-- Figure documents now list at most 20 claims per list (CurrentFigure.MaxListed) with each list's total. The lists
-- were already in FigureRules.LatestFirst order, so keeping the first 20 gives exactly what a recompute would.
UPDATE ledger_read.figures SET doc = doc || jsonb_build_object(
  'supporting', jsonb_path_query_array(doc->'supporting', '$[0 to 19]'),
  'supportingTotal', jsonb_array_length(doc->'supporting'),
  'compatible', jsonb_path_query_array(doc->'compatible', '$[0 to 19]'),
  'compatibleTotal', jsonb_array_length(doc->'compatible'),
  'conflicts', jsonb_path_query_array(doc->'conflicts', '$[0 to 19]'),
  'conflictsTotal', jsonb_array_length(doc->'conflicts'),
  'forecasts', jsonb_path_query_array(doc->'forecasts', '$[0 to 19]'),
  'forecastsTotal', jsonb_array_length(doc->'forecasts'),
  'excludedClaims', jsonb_path_query_array(doc->'excludedClaims', '$[0 to 19]'),
  'excludedClaimsTotal', jsonb_array_length(doc->'excludedClaims'));

-- Figure documents list at most 5 claims per list now (CurrentFigure.MaxListed), with each list's total as before.
-- A current figure is a summary: the figure, the latest few claims behind and against it, and how many there are;
-- the timeline pages through all of them. At 20 a document of a busy figure was 30 kB, three times one of a young
-- ledger, and every read of it paid for that. The lists are in FigureRules.LatestFirst order, so keeping the first
-- five gives exactly what a recompute would; the totals are unchanged.
UPDATE ledger_read.figures SET doc = doc || jsonb_build_object(
  'supporting', jsonb_path_query_array(doc->'supporting', '$[0 to 4]'),
  'compatible', jsonb_path_query_array(doc->'compatible', '$[0 to 4]'),
  'conflicts', jsonb_path_query_array(doc->'conflicts', '$[0 to 4]'),
  'forecasts', jsonb_path_query_array(doc->'forecasts', '$[0 to 4]'),
  'excludedClaims', jsonb_path_query_array(doc->'excludedClaims', '$[0 to 4]'));

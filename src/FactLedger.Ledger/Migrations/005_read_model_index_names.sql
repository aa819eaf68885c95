-- Rebuilds before this one left the read models' indexes named after the aside tables (claims_rebuild_pkey, ...);
-- rebuilds now keep the names below, which later migrations may refer to.
DO $$
DECLARE
  renames text[][] := ARRAY[
    ['sources_rebuild_pkey', 'sources_pkey'],
    ['claims_rebuild_pkey', 'claims_pkey'],
    ['claims_rebuild_platform_metric_idx', 'claims_by_figure'],
    ['claims_rebuild_source_id_idx', 'claims_by_source'],
    ['figures_rebuild_pkey', 'figures_pkey']];
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY renames LOOP
    IF to_regclass('ledger_read.' || pair[1]) IS NOT NULL AND to_regclass('ledger_read.' || pair[2]) IS NULL THEN
      EXECUTE format('ALTER INDEX ledger_read.%I RENAME TO %I', pair[1], pair[2]);
    END IF;
  END LOOP;
END $$;

-- A counter the web server's page cache (ops/web-server/page-cache.ts) reads on every request it may answer from
-- the cache: it moves whenever something a public page shows changes, besides the boards, which have their own
-- versions (board_versions, migration 0009). A sequence, not a row: nextval takes no lock, so the many
-- transactions that write these tables never wait on each other for it, and a rolled-back write only costs one
-- needless re-render. The triggers are per statement: one raise however many rows a statement wrote.
CREATE SEQUENCE "page_cache_version";
--> statement-breakpoint
CREATE FUNCTION "raise_page_cache_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('page_cache_version');
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Every table the cached pages (home, competitions, a competition, a board) read, apart from the board's own rows.
DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['competitions', 'competition_organizers', 'tasks', 'hardware_profiles', 'tracks',
    'track_tasks', 'phases', 'competition_registrations', 'teams']
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "raise_page_cache_version"()',
      'page_cache_version_' || watched, watched);
  END LOOP;
END $$;
--> statement-breakpoint
-- Runners: a runner that registers, stops, is removed or changes its profiles changes the "no runner serves this
-- track" notice. Their heartbeats and claims (updates of other columns, every few seconds) do not raise it: a
-- runner that dies without a word is noticed by time, which the cache's age limit covers.
CREATE TRIGGER "page_cache_version_runners"
  AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF "stopped_at", "problem", "hardware_profile_ids" ON "runners"
  FOR EACH STATEMENT EXECUTE FUNCTION "raise_page_cache_version"();

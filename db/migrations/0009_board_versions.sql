CREATE TABLE "board_versions" (
	"track_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Raises a track's board version (db/schema/board-versions.ts). Everything the board query reads
-- (lib/data/leaderboards.ts, boardRowsQuery) must be covered by a trigger below.
CREATE FUNCTION "bump_board_version"(changed_track_id text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "board_versions" ("track_id", "version") VALUES (changed_track_id, 1)
  ON CONFLICT ("track_id") DO UPDATE SET "version" = "board_versions"."version" + 1;
$$;
--> statement-breakpoint
CREATE FUNCTION "board_version_after_submission_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM "bump_board_version"(OLD."track_id"); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."track_id" IS DISTINCT FROM OLD."track_id") THEN
    PERFORM "bump_board_version"(NEW."track_id");
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_version_submissions" AFTER INSERT OR UPDATE OR DELETE ON "submissions"
  FOR EACH ROW EXECUTE FUNCTION "board_version_after_submission_change"();
--> statement-breakpoint
-- Evaluations: only what the board reads (which evaluation counts, and its state). The runner writes progress
-- and log lines many times a minute; those must not invalidate every board.
CREATE FUNCTION "board_version_after_evaluation_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_version"(s."track_id") FROM "submissions" s
    WHERE s."id" IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD."submission_id" END, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW."submission_id" END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_version_evaluations_insert_delete" AFTER INSERT OR DELETE ON "evaluations"
  FOR EACH ROW EXECUTE FUNCTION "board_version_after_evaluation_change"();
--> statement-breakpoint
CREATE TRIGGER "board_version_evaluations_update" AFTER UPDATE OF "state", "submission_id", "created_at" ON "evaluations"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."submission_id" IS DISTINCT FROM NEW."submission_id" OR OLD."created_at" IS DISTINCT FROM NEW."created_at")
  EXECUTE FUNCTION "board_version_after_evaluation_change"();
--> statement-breakpoint
CREATE FUNCTION "board_version_after_result_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_version"(s."track_id") FROM "evaluations" e JOIN "submissions" s ON s."id" = e."submission_id"
    WHERE e."id" IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD."evaluation_id" END, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW."evaluation_id" END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_version_results" AFTER INSERT OR UPDATE OR DELETE ON "results"
  FOR EACH ROW EXECUTE FUNCTION "board_version_after_result_change"();
--> statement-breakpoint
CREATE FUNCTION "board_version_after_team_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- In one order, so that two renames touching the same tracks cannot deadlock.
  PERFORM "bump_board_version"(t."track_id") FROM (SELECT DISTINCT "track_id" FROM "submissions" WHERE "team_id" = NEW."id" ORDER BY "track_id") t;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_version_teams" AFTER UPDATE OF "name" ON "teams"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "board_version_after_team_rename"();

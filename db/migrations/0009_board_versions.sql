CREATE TABLE "board_versions" (
	"track_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Raises board versions (db/schema/board-versions.ts). Everything the board query reads (lib/data/leaderboards.ts,
-- boardRowsQuery) must be covered by a trigger below. The triggers are per statement, with transition tables:
-- one raise per track and statement however many rows it wrote (raising one row once per written row made a
-- bulk insert quadratic, every update of it walking the chain of its earlier versions), and tracks are raised in
-- id order, so that two statements raising the same tracks cannot deadlock.
CREATE FUNCTION "bump_board_versions"(changed_track_ids text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "board_versions" ("track_id", "version")
  SELECT DISTINCT t.id, 1 FROM unnest(changed_track_ids) AS t(id) WHERE t.id IS NOT NULL ORDER BY t.id
  ON CONFLICT ("track_id") DO UPDATE SET "version" = "board_versions"."version" + 1;
$$;
--> statement-breakpoint
-- One function per table: a statement trigger sees only the transition tables of its own event, and PL/pgSQL
-- plans a statement when it first runs it, so each branch reads only the tables its event has.
CREATE FUNCTION "board_versions_after_submissions_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM old_rows UNION SELECT "track_id" FROM new_rows));
  ELSE
    PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_insert" AFTER INSERT ON "submissions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_update" AFTER UPDATE ON "submissions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_delete" AFTER DELETE ON "submissions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_change"();
--> statement-breakpoint
-- Evaluations: on update, only what the board reads (which evaluation counts, and its state). The runner writes
-- progress and log lines many times a minute, and those must not invalidate every board.
CREATE FUNCTION "board_versions_after_evaluations_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_submission_ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed_submission_ids := ARRAY(SELECT "submission_id" FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    changed_submission_ids := ARRAY(
      SELECT unnest(ARRAY[n."submission_id", o."submission_id"]) FROM new_rows n JOIN old_rows o ON o."id" = n."id"
      WHERE n."state" IS DISTINCT FROM o."state" OR n."submission_id" IS DISTINCT FROM o."submission_id" OR n."created_at" IS DISTINCT FROM o."created_at"
    );
  ELSE
    changed_submission_ids := ARRAY(SELECT "submission_id" FROM old_rows);
  END IF;
  PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM "submissions" WHERE "id" = ANY(changed_submission_ids)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_insert" AFTER INSERT ON "evaluations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_update" AFTER UPDATE ON "evaluations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_delete" AFTER DELETE ON "evaluations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_change"();
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_results_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_evaluation_ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed_evaluation_ids := ARRAY(SELECT "evaluation_id" FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    changed_evaluation_ids := ARRAY(SELECT "evaluation_id" FROM old_rows UNION SELECT "evaluation_id" FROM new_rows);
  ELSE
    changed_evaluation_ids := ARRAY(SELECT "evaluation_id" FROM old_rows);
  END IF;
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM "evaluations" e JOIN "submissions" s ON s."id" = e."submission_id" WHERE e."id" = ANY(changed_evaluation_ids)
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_insert" AFTER INSERT ON "results"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_update" AFTER UPDATE ON "results"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_change"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_delete" AFTER DELETE ON "results"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_change"();
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_teams_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM new_rows n JOIN old_rows o ON o."id" = n."id" JOIN "submissions" s ON s."team_id" = n."id"
    WHERE n."name" IS DISTINCT FROM o."name"
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_teams_update" AFTER UPDATE ON "teams"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_teams_update"();

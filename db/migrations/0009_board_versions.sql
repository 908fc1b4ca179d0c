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
CREATE FUNCTION "board_versions_after_submissions_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM new_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_submissions_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM old_rows UNION SELECT "track_id" FROM new_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_submissions_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(SELECT "track_id" FROM old_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_insert" AFTER INSERT ON "submissions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_insert"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_update" AFTER UPDATE ON "submissions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_update"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_submissions_delete" AFTER DELETE ON "submissions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_submissions_delete"();
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_evaluations_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(SELECT s."track_id" FROM new_rows n JOIN "submissions" s ON s."id" = n."submission_id"));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only what the board reads (which evaluation counts, and its state): the runner writes progress and log lines
-- many times a minute, and those must not invalidate every board.
CREATE FUNCTION "board_versions_after_evaluations_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
      JOIN "submissions" s ON s."id" IN (n."submission_id", o."submission_id")
    WHERE n."state" IS DISTINCT FROM o."state" OR n."submission_id" IS DISTINCT FROM o."submission_id" OR n."created_at" IS DISTINCT FROM o."created_at"
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_evaluations_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(SELECT s."track_id" FROM old_rows o JOIN "submissions" s ON s."id" = o."submission_id"));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_insert" AFTER INSERT ON "evaluations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_insert"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_update" AFTER UPDATE ON "evaluations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_update"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_evaluations_delete" AFTER DELETE ON "evaluations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_evaluations_delete"();
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_results_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM new_rows r JOIN "evaluations" e ON e."id" = r."evaluation_id" JOIN "submissions" s ON s."id" = e."submission_id"
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_results_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM (SELECT "evaluation_id" FROM old_rows UNION SELECT "evaluation_id" FROM new_rows) r
      JOIN "evaluations" e ON e."id" = r."evaluation_id" JOIN "submissions" s ON s."id" = e."submission_id"
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "board_versions_after_results_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "bump_board_versions"(ARRAY(
    SELECT s."track_id" FROM old_rows r JOIN "evaluations" e ON e."id" = r."evaluation_id" JOIN "submissions" s ON s."id" = e."submission_id"
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_insert" AFTER INSERT ON "results"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_insert"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_update" AFTER UPDATE ON "results"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_update"();
--> statement-breakpoint
CREATE TRIGGER "board_versions_results_delete" AFTER DELETE ON "results"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "board_versions_after_results_delete"();
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

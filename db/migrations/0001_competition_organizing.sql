CREATE TYPE "public"."phase_kind" AS ENUM('development', 'final');--> statement-breakpoint
ALTER TABLE "competitions" ADD COLUMN "max_bundle_bytes" bigint;--> statement-breakpoint
ALTER TABLE "phases" ADD COLUMN "concurrent_submissions" integer;--> statement-breakpoint
ALTER TABLE "phases" ADD COLUMN "kind" "phase_kind" DEFAULT 'development' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "competition_id" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "hidden" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "disqualified_reason" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "is_baseline" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "moderated_by" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "moderated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
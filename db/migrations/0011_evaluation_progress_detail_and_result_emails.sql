ALTER TABLE "users" ADD COLUMN "evaluation_emails" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "progress_detail" text;